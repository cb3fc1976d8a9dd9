import { Hono } from 'hono'
import type { Application } from '../app/application.js'
import { runWithApp } from '../app/current.js'
import { firstLine } from '../config/loader.js'
import { MortarError } from '../errors.js'
import { HttpContext } from './context.js'
import { handleError } from './error_handler.js'
import type { ErrorFormat } from './error_pages.js'
import { HttpError } from './http_error.js'
import type { Middleware } from './middleware.js'
import { runInRequest } from './request_scope.js'
import { toResponse } from './respond.js'
import type { HandlerFunction } from './route.js'
import type { CompiledRoute } from './route_table.js'
import { resolveInside, sendFile } from './static_files.js'

/**
 * Builds the Hono app that answers requests: every route of the table with its middleware chain
 * composed once, then static files (`public/`, then package assets under `/vendor/<name>/`), then
 * the 404 page.
 */
export function buildHttpKernel(app: Application): Hono {
  const hono = new Hono()
  const debug = app.config.get<boolean>('app.debug', !app.isProduction)

  for (const route of app.routes.all()) {
    const where = `Route ${route.methods.filter((m) => m !== 'HEAD').join('|')} ${route.path}`
    const middleware = app.middleware.resolve(route.middleware, where)
    const handler = app.controllers.compile(route.handler, route.source, app.container, where)
    const methods = route.methods.filter((method) => method !== 'HEAD' || !route.methods.includes('GET'))
    const routeFormat: ErrorFormat = isApi(route) ? 'json' : 'html'
    const fail: Failure = (error, ctx) => handleError(app, error, { ctx, route, routeFormat, debug })
    // Pages of the `web` group run in a request scope, so that `view()` sees the request.
    const scoped = route.middleware.includes('web')
    hono.on([...methods], route.path, (c) =>
      runWithApp(app, () => {
        const ctx = new HttpContext(app, c, route.name)
        return scoped
          ? runInRequest(ctx, () => answerRequest(ctx, middleware, handler, fail))
          : answerRequest(ctx, middleware, handler, fail)
      }),
    )
  }

  // Hono compiles its router on the first request. Compile it now, so a pattern it cannot turn
  // into a regular expression fails the start naming the route, not every request with a 500.
  try {
    hono.router.match('GET', '/')
  } catch (error) {
    throw unmatchablePattern(app.routes.all(), error)
  }

  hono.notFound((c) =>
    runWithApp(app, async () => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const file = await findStaticFile(app, c.req.path)
        if (file) return (await sendFile(c, file)) ?? c.body(null, 404)
      }
      const routeFormat: ErrorFormat = c.req.path.startsWith('/api/') ? 'json' : 'html'
      return handleError(app, new HttpError(404, `No route for ${c.req.method} ${c.req.path}`), {
        ctx: new HttpContext(app, c),
        routeFormat,
        debug,
      })
    }),
  )
  return hono
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
    return isThenable(value) ? answerLater(value, ctx, fail) : toResponse(value, ctx)
  } catch (error) {
    return fail(error, ctx)
  }
}

/** Answers an error thrown while answering `ctx`. */
type Failure = (error: unknown, ctx: HttpContext) => Response | Promise<Response>

async function answerLater(pending: PromiseLike<unknown>, ctx: HttpContext, fail: Failure): Promise<Response> {
  try {
    return toResponse(await pending, ctx)
  } catch (error) {
    return fail(error, ctx)
  }
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
    ? `Route ${culprit.methods.filter((m) => m !== 'HEAD').join('|')} ${culprit.path} of ${culprit.source === 'app' ? 'the app' : `package "${culprit.source}"`}${culprit.file ? ` (${culprit.file})` : ''}`
    : 'A route'
  return new MortarError('E_ROUTE_INVALID', `${where} has a path that cannot be matched: ${firstLine(error)}`, {
    cause: error,
    hint: 'Write parameters as :name, :name? or :name{regex} with a valid regular expression.',
  })
}

function isApi(route: CompiledRoute): boolean {
  return route.middleware.includes('api')
}

/** `public/` first (so a published asset wins), then the assets folder of the package it names. */
async function findStaticFile(app: Application, path: string): Promise<string | undefined> {
  const inPublic = await resolveInside(app.publicPath, path)
  if (inPublic) return inPublic
  const match = /^\/vendor\/([^/]+)(\/.*)$/.exec(path)
  if (!match) return undefined
  const folder = app.assets.get(match[1] as string)
  return folder ? resolveInside(folder, match[2] as string) : undefined
}
