import { type Context, Hono } from 'hono'
import { getPath } from 'hono/utils/url'
import { runWithApp } from '../app/current.js'
import { debugMode, type Environment, type EnvironmentSource } from '../config/environment.js'
import type { ConfigRepository } from '../config/repository.js'
import type { Container } from '../container/container.js'
import type { MortarError } from '../errors.js'
import { errorSummary } from '../errors.js'
import type { ViewEngine } from '../views/view_engine.js'
import { DEFAULT_BODY_LIMIT, parseSize } from './body_limit.js'
import { bodyTooLarge, isFormType, isJsonType, parseBody, readBytes, rememberBody } from './body_parser.js'
import { trustOf } from './client_ip.js'
import { HttpContext, type RequestApp } from './context.js'
import type { ControllerRegistry } from './controllers.js'
import { withQueuedCookies } from './cookies.js'
import { answeringValidation, type ErrorReporting, type ErrorSite, handleError } from './error_handler.js'
import { errorResponse } from './error_pages.js'
import { httpErrors } from './errors.js'
import { HttpError } from './http_error.js'
import type { Middleware, MiddlewareRegistry } from './middleware.js'
import { toResponse } from './respond.js'
import type { HandlerFunction } from './route.js'
import { type CompiledRoute, describeRoute } from './route_table.js'
import { type SecuritySettings, secureAnswers } from './secure_headers.js'
import { resolveInside, sendFile } from './static_files.js'
import { OutageReports, serviceUnavailable, unavailableService } from './unavailable.js'

/** What answers requests: the server and `app.fetch()` call `fetch`. */
export interface HttpKernel {
  fetch(request: Request, env?: unknown): Response | Promise<Response>
}

/**
 * What the kernel needs of a booted application: its routes, middleware, controllers and
 * container to compile the routes; its environment and settings; `public/` and the package asset
 * folders for static files; what each request context reads (`RequestApp`), and where errors go.
 */
export interface KernelApp extends RequestApp, ErrorReporting, SecuritySettings {
  readonly environment: Environment
  readonly environmentSource: EnvironmentSource
  readonly config: ConfigRepository
  readonly views: ViewEngine
  readonly middleware: MiddlewareRegistry
  readonly controllers: ControllerRegistry
  readonly container: Container
  readonly publicPath: string
  /** Package asset folders by package name, served at `/vendor/<name>/`. */
  readonly assets: Map<string, string>
}

/** Methods a `_method` form field may ask for. */
const SPOOFABLE = new Set(['PUT', 'PATCH', 'DELETE'])
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const
const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/**
 * Builds what answers requests: every route of the table in a Hono router with its middleware
 * chain composed once; a POST form routed as the method its `_method` field names; then, when
 * no route matches, static files (`public/`, then package assets under `/vendor/<name>/`), a 308
 * to the path's trailing-slash twin when a route is there, a 405 with `Allow` when the path
 * has routes for other methods, else the 404 page. Every HTML answer gets the security headers.
 */
export function buildHttpKernel(app: KernelApp): HttpKernel {
  const hono = new Hono()
  // Hono answers HEAD with the GET route, so a route for HEAD alone lives in a router of its own.
  const headOnly = new Hono()
  let headOnlyRoutes = 0
  const debug = debugMode({ name: app.environment, source: app.environmentSource }, app.config.get('app.debug'))
  const defaultLimit = parseSize(app.config.get('app.bodyLimit', DEFAULT_BODY_LIMIT), 'app.bodyLimit')
  const secure = secureAnswers(app)
  trustOf(app)
  const limits = new Map<unknown, number>()
  const outages = new OutageReports()

  for (const route of app.routes.all()) {
    const where = describeRoute(route)
    const middleware = app.middleware.resolve(route.middleware, where)
    const handler = answeringValidation(app.controllers.compile(route.handler, route.owner, app.container, where), isApi(route))
    const api = isApi(route)
    const limit = route.bodyLimit ?? defaultLimit
    const answer = (c: Context) => {
      const routeFormat = api || wantsJson(c.req.raw) ? 'json' : 'html'
      const fail: Failure = (error, ctx) => answerFailure(app, error, { ctx, route, routeFormat, debug }, outages)
      // A body declared larger than the route takes is refused before anything runs or is read.
      const method = c.req.method
      if (method !== 'GET' && method !== 'HEAD') {
        const declared = c.req.raw.headers.get('content-length')
        if (declared !== null && Number(declared) > limit) return fail(bodyTooLarge(limit))
      }
      return runWithApp(app, () => answerRequest(new HttpContext(app, c, route.name, limit), middleware, handler, fail))
    }
    limits.set(answer, limit)
    const methods = route.methods.filter((method) => method !== 'HEAD')
    if (methods.length > 0) hono.on(methods, route.path, answer)
    if (route.methods.includes('HEAD') && !route.methods.includes('GET')) {
      headOnly.get(route.path, answer)
      headOnlyRoutes++
    }
  }

  // Hono compiles its router on the first request. Compile it now, so a pattern it cannot turn
  // into a regular expression fails the start naming the route, not every request with a 500.
  try {
    hono.router.match('GET', '/')
    headOnly.router.match('GET', '/')
  } catch (error) {
    throw unmatchablePattern(app.routes.all(), error)
  }

  const matches = (method: string, path: string): unknown[] => {
    if (method === 'HEAD') return [...matches('GET', path), ...(headOnlyRoutes > 0 ? handlersAt(headOnly, 'GET', path) : [])]
    return handlersAt(hono, method, path)
  }

  hono.notFound((c) =>
    runWithApp(app, async () => {
      const method = c.req.method
      const path = c.req.path
      const format = c.req.path.startsWith('/api/') || wantsJson(c.req.raw) ? 'json' : 'html'
      if (method === 'GET' || method === 'HEAD') {
        const file = await findStaticFile(app, path)
        if (file) return (await sendFile(c, file)) ?? c.body(null, 404)
      }
      const twin = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : `${path}/`
      const location = twinLocation(c.req.url)
      if (location && matches(method, twin).length > 0) {
        return new Response(null, { status: 308, headers: { location } })
      }
      const allowed = allowedMethods(matches, path)
      if (allowed.length > 0) {
        const error = new HttpError(405, `${method} is not allowed for ${path}: it answers ${allowed.join(', ')}`, {
          allow: allowed.join(', '),
        })
        return handleError(app, error, { ctx: new HttpContext(app, c), routeFormat: format, debug })
      }
      return handleError(app, new HttpError(404, `No route for ${method} ${path}`), {
        ctx: new HttpContext(app, c),
        routeFormat: format,
        debug,
      })
    }),
  )

  const largestLimit = (path: string): number => {
    const found = BODY_METHODS.flatMap((method) => matches(method, path)).map((entry) => limits.get(entry) ?? defaultLimit)
    return Math.max(defaultLimit, ...found)
  }

  // A POST form is read before routing, for its `_method` field; the body goes on with the request.
  const routeForm = async (request: Request, env: unknown): Promise<Response> => {
    let bytes: Uint8Array
    let form: unknown
    try {
      bytes = await readBytes(request, largestLimit(getPath(request)))
      form = await parseBody(request.headers.get('content-type'), bytes)
    } catch (error) {
      return answerFailure(
        app,
        error,
        { routeFormat: getPath(request).startsWith('/api/') || wantsJson(request) ? 'json' : 'html', debug },
        outages,
      )
    }
    const asked = (form as { _method?: unknown })._method
    const method = typeof asked === 'string' && SPOOFABLE.has(asked.toUpperCase()) ? asked.toUpperCase() : 'POST'
    const routed = new Request(request.url, { method, headers: request.headers, body: bytes as BodyInit, signal: request.signal })
    rememberBody(routed, bytes.byteLength, form)
    return hono.fetch(routed, env)
  }

  const dispatch = (request: Request, env: unknown): Response | Promise<Response> => {
    if (request.method === 'POST' && isFormType(request.headers.get('content-type'))) return routeForm(request, env)
    if (headOnlyRoutes > 0 && request.method === 'HEAD' && handlersAt(headOnly, 'GET', getPath(request)).length > 0) {
      return headOnly.fetch(request, env)
    }
    return hono.fetch(request, env)
  }

  return {
    fetch(request, env) {
      const answer = dispatch(request, env)
      return answer instanceof Promise ? answer.then((response) => secure(response, request, env)) : secure(answer, request, env)
    },
  }
}

/** The handlers Hono's router has for a method and path (Hono keeps `[handler, route]` pairs). */
function handlersAt(hono: Hono, method: string, path: string): unknown[] {
  const [entries] = hono.router.match(method, path) as unknown as [[[unknown, unknown], unknown][]]
  return entries.map((entry) => entry[0][0])
}

function allowedMethods(matches: (method: string, path: string) => unknown[], path: string): string[] {
  const allowed: string[] = ALL_METHODS.filter((method) => matches(method, path).length > 0)
  if (allowed.includes('GET')) allowed.splice(1, 0, 'HEAD')
  else if (matches('HEAD', path).length > 0) allowed.push('HEAD')
  return allowed
}

/**
 * Where the trailing-slash twin of the request's path is, as a path on this origin with the
 * query string; undefined when it would start with `//` (which a browser reads as another host).
 */
function twinLocation(url: string): string | undefined {
  const { pathname, search } = new URL(url)
  const twin = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : `${pathname}/`
  if (!twin.startsWith('/') || twin.startsWith('//') || twin.startsWith('/\\')) return undefined
  return twin + search
}

/** JSON is the answer for a JSON body or a client that accepts JSON. */
function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json') || isJsonType(request.headers.get('content-type'))
}

/**
 * Answers one request. A route without middleware whose handler returns a value (not a promise)
 * is answered synchronously: @hono/node-server then writes the answer at once, where a promise
 * costs a trip through the microtask queue and its slower response path. Everything else goes
 * through the async chain. Errors of either path get the same `fail` answer.
 */
function answerRequest(ctx: HttpContext, middleware: Middleware[], handler: HandlerFunction, fail: Failure): Response | Promise<Response> {
  if (middleware.length > 0) return answerLater(run(ctx, middleware, handler), ctx, fail)
  try {
    const value = handler(ctx)
    return isThenable(value) ? answerLater(value, ctx, fail) : withQueuedCookies(ctx, toResponse(value, ctx))
  } catch (error) {
    const failed = fail(error, ctx)
    return failed instanceof Promise ? failed.then((response) => withQueuedCookies(ctx, response)) : withQueuedCookies(ctx, failed)
  }
}

/** Answers an error thrown while answering `ctx` (or before it existed). */
type Failure = (error: unknown, ctx?: HttpContext) => Response | Promise<Response>

async function answerLater(pending: PromiseLike<unknown>, ctx: HttpContext, fail: Failure): Promise<Response> {
  let response: Response
  try {
    response = toResponse(await pending, ctx)
  } catch (error) {
    response = await fail(error, ctx)
  }
  // The cookies the handler and the middleware set (the session's among them) go on the final answer.
  return withQueuedCookies(ctx, response)
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function'
}

async function run(ctx: HttpContext, middleware: Middleware[], handler: HandlerFunction): Promise<Response> {
  const dispatch = async (index: number): Promise<Response> => {
    if (index === middleware.length) return toResponse(await handler(ctx), ctx)
    let called = false
    const current = middleware[index] as Middleware
    const result = await current(ctx, () => {
      if (called) {
        throw new Error(
          `Middleware ${current.name || '(anonymous)'} called next() twice for ${ctx.request.method} ${ctx.url.pathname}: call \`await next()\` once and return what it gives`,
        )
      }
      called = true
      return dispatch(index + 1)
    })
    return toResponse(result, ctx)
  }
  return dispatch(0)
}

/**
 * The answer for an error. A service that went away (a store or database that cannot be reached)
 * answers 503 with Retry-After, reported once per outage rather than once per request; anything
 * else is `handleError`'s (reported when it is a 5xx, the app's error pages, validation).
 */
function answerFailure(app: KernelApp, error: unknown, site: ErrorSite, outages: OutageReports): Response | Promise<Response> {
  const service = unavailableService(error)
  if (!service) return handleError(app, error, site)
  if (outages.shouldReport(service)) app.reportError(error, site.ctx)
  return errorResponse(serviceUnavailable(error), site.routeFormat, site.debug)
}

/** E_ROUTE_INVALID naming the route whose path Hono cannot compile (found by compiling each alone). */
function unmatchablePattern(routes: readonly CompiledRoute[], error: unknown): MortarError {
  const culprit = routes.find((route) => {
    const probe = new Hono()
    probe.on([...route.methods], route.path, () => new Response(null))
    try {
      probe.router.match('GET', '/')
      return false
    } catch {
      return true
    }
  })
  const where = culprit
    ? `Route ${culprit.methods.filter((m) => m !== 'HEAD').join('|')} ${culprit.path} of ${culprit.owner === 'app' ? 'the app' : `package "${culprit.owner}"`}${culprit.file ? ` (${culprit.file})` : ''}`
    : 'A route'
  return httpErrors.E_ROUTE_INVALID(`${where} has a path that cannot be matched: ${errorSummary(error)}`, {
    cause: error,
    hint: 'Write parameters as :name, :name? or :name{regex} with a valid regular expression.',
  })
}

function isApi(route: CompiledRoute): boolean {
  return route.middleware.includes('api')
}

/** `public/` first (so a published asset wins), then the assets folder of the package it names. */
async function findStaticFile(app: Pick<KernelApp, 'publicPath' | 'assets'>, path: string): Promise<string | undefined> {
  const inPublic = await resolveInside(app.publicPath, path)
  if (inPublic) return inPublic
  const match = /^\/vendor\/([^/]+)(\/.*)$/.exec(path)
  if (!match) return undefined
  const folder = app.assets.get(match[1] as string)
  return folder ? resolveInside(folder, match[2] as string) : undefined
}
