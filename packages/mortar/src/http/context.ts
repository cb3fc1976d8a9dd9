import type { Context as HonoContext } from 'hono'
import type { RouteName, TranslationKey, ViewName } from '../app/typed_names.js'
import type { ConfigRepository } from '../config/repository.js'
import { requestLocale } from '../i18n/request_locale.js'
import type { TranslationParams, Translator } from '../i18n/translator.js'
import type { Encrypter } from '../security/encryption.js'
import { sessionOf } from '../session/context_session.js'
import type { Session } from '../session/session.js'
import type { StandardSchemaV1 } from '../validation/standard_schema.js'
import { type ValidateOptions, validateInput } from '../validation/validate.js'
import type { ViewEngine } from '../views/view_engine.js'
import { DEFAULT_BODY_LIMIT } from './body_limit.js'
import { readBody } from './body_parser.js'
import { clientIp, type ProxySettings } from './client_ip.js'
import { type CookieJar, type CookieKeys, cookieJar } from './cookies.js'
import { Redirect } from './redirect.js'
import { mergeHeaders } from './response_headers.js'
import type { RouteTable } from './route_table.js'

/**
 * The application a request runs in (`ctx.app`), as far as the HTTP layer reads it: its config,
 * messages, views, route names, app key and context extensions. The application merges itself
 * into this interface (see the end of app/application.ts), so that `ctx.app` is the whole
 * `Application` wherever Mortar is loaded, while http/ names what it uses and does not import app/.
 */
export interface RequestApp extends ProxySettings, CookieKeys {
  readonly config: ConfigRepository
  readonly translator: Translator
  readonly views: ViewEngine
  readonly routes: RouteTable
  readonly encrypter: Encrypter
  readonly isProduction: boolean
  /** The factory `app.extendContext()` registered for a ctx member. */
  contextMember(name: string): ((ctx: HttpContext) => unknown) | undefined
}

/**
 * What a handler and a middleware receive: the request, its route parameters, and helpers to
 * answer. A handler may also just return a string (HTML), an object or array (JSON) or a
 * `Response`; `ctx.status(201)` sets the status of such an answer.
 *
 * @example
 * async store(ctx: HttpContext) {
 *   const input = await ctx.body<{ title: string }>()
 *   return ctx.json({ data: input }, 201)
 * }
 */
export class HttpContext {
  /** Values middleware share with later middleware and the handler. */
  readonly state: Record<string, unknown> = {}
  /** The status used when the handler returns a plain value. */
  statusCode = 200
  #headers?: Headers
  #url?: URL
  #body?: Promise<unknown>
  #locale?: string
  // What withHeaders() already copied into each response, so a later call copies only changes.
  #applied?: WeakMap<Response, Headers>

  constructor(
    readonly app: RequestApp,
    readonly hono: HonoContext,
    /** The matched route's name, if it has one. */
    readonly routeName?: string,
    /** The largest body this request may send, in bytes (the route's, else `app.bodyLimit`). */
    readonly bodyLimit = DEFAULT_BODY_LIMIT,
  ) {}

  /** Headers added to the answer whatever the handler returns. */
  get headers(): Headers {
    // Made on first use: most answers set none, and then nothing is merged into them.
    this.#headers ??= new Headers()
    return this.#headers
  }

  /** The web-standard Request. */
  get request(): Request {
    return this.hono.req.raw
  }

  get method(): string {
    return this.hono.req.method
  }

  get url(): URL {
    this.#url ??= new URL(this.hono.req.url)
    return this.#url
  }

  get path(): string {
    return this.hono.req.path
  }

  /** Route parameters: `/posts/:id` gives `ctx.params.id`. */
  get params(): Record<string, string> {
    return this.hono.req.param() as Record<string, string>
  }

  /** Query string values (the first of each). */
  get query(): Record<string, string> {
    return this.hono.req.query()
  }

  /** A request header. */
  header(name: string): string | undefined {
    return this.hono.req.header(name)
  }

  /**
   * The client's IP address: the socket's peer, or with `app.trustedProxies` set, the address
   * your proxies wrote in `X-Forwarded-For` (a header sent by anyone else changes nothing).
   * An in-process request (`mortar/testing`) comes from `127.0.0.1`.
   *
   * @example
   * const key = `login:${ctx.ip()}`
   */
  ip(): string {
    return clientIp(this.app, this.request, this.hono.env)
  }

  /**
   * The request body, parsed by its content type: JSON; a form (urlencoded or multipart) as an
   * object, where `x=1&x=2` and `tags[]=a` give arrays and `user[name]=Ada` a nested object; or
   * text. Read once and remembered. A body that cannot be parsed answers 400, one larger than
   * the route's body limit 413.
   */
  body<T = Record<string, unknown>>(): Promise<T> {
    this.#body ??= readBody(this.request, this.bodyLimit)
    return this.#body as Promise<T>
  }

  /**
   * The locale of this request: what `setLocale()` chose, else the best of the app's locales for
   * the `Accept-Language` header, else `app.locale`.
   */
  get locale(): string {
    this.#locale ??= requestLocale(this)
    return this.#locale
  }

  /** Chooses this request's locale (from a route parameter, the user's settings, …). */
  setLocale(locale: string): this {
    this.#locale = locale
    return this
  }

  /** A translated message in this request's locale: `ctx.t('blog:posts.count', { count })`. */
  t(key: TranslationKey, params?: TranslationParams): string {
    return this.app.translator.t(key, params, this.locale)
  }

  /** Sets the status of the answer; chainable in a return: `return ctx.status(201) && data`. */
  status(code: number): this {
    this.statusCode = code
    return this
  }

  /** Adds a header to the answer; a `Set-Cookie` is added to the others, never replacing one. */
  setHeader(name: string, value: string): this {
    if (name.toLowerCase() === 'set-cookie') this.headers.append(name, value)
    else this.headers.set(name, value)
    return this
  }

  /** A JSON answer. */
  json(data: unknown, status = this.statusCode): Response {
    return this.withHeaders(Response.json(data, { status }))
  }

  /** An HTML answer. */
  html(html: string, status = this.statusCode): Response {
    return this.withHeaders(new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } }))
  }

  /** A plain-text answer. */
  text(text: string, status = this.statusCode): Response {
    return this.withHeaders(new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } }))
  }

  /**
   * A redirect. With a location, the answer itself (302 unless told); without, a builder:
   * `ctx.redirect().back()`, `.to(url)`, `.route(name, params)`, `.with(key, value)` (flashed),
   * answering 303 after a POST, PUT, PATCH or DELETE and 302 otherwise.
   *
   * @example
   * return ctx.redirect('/login')
   * return ctx.redirect().route('posts.show', { id }).with('status', 'Saved')
   * return ctx.redirect().back('/posts')
   */
  redirect(): Redirect
  redirect(location: string, status?: number): Response
  redirect(location?: string, status = 302): Response | Redirect {
    if (location === undefined) return new Redirect(this)
    return this.withHeaders(new Response(null, { status, headers: { location } }))
  }

  /** The request's cookies and those the answer sets (see `CookieJar`). */
  get cookies(): CookieJar {
    return cookieJar(this)
  }

  /** The visitor's session; the route needs the `session` middleware (in the `web` group of a new app). */
  get session(): Session {
    return sessionOf(this)
  }

  /**
   * Renders a view (see `view()`) with this request's view data (`request`, `errors`, `old()`,
   * shared data); its `t()` translates into this request's locale.
   */
  view(name: ViewName, data: Record<string, unknown> = {}): Promise<string> {
    return this.app.views.render(name, { t: (key: string, params?: TranslationParams) => this.t(key, params), ...data }, this)
  }

  /**
   * Validates the body (or `{ from: 'query' | 'params' }`) with any Standard Schema v1 validator
   * (zod 4, valibot 1, ArkType, VineJS) and returns its typed output. On failure it throws a
   * `ValidationError`: a JSON or `api` request answers 422 `{ message, errors }`. `except` names
   * fields never flashed back as old input (passwords, confirmations and `_token` never are).
   *
   * @example
   * const input = await ctx.validate(v.object({ email: v.pipe(v.string(), v.email()) }))
   */
  async validate<Schema extends StandardSchemaV1>(
    schema: Schema,
    options: ValidateOptions = {},
  ): Promise<StandardSchemaV1.InferOutput<Schema>> {
    const from = options.from ?? 'body'
    const input = from === 'query' ? this.query : from === 'params' ? this.params : await this.body()
    return validateInput(schema, input, options)
  }

  /** The URL of a named route. */
  route(name: RouteName, params?: Record<string, string | number>): string {
    return this.app.routes.url(name, params)
  }

  /**
   * `response` with the headers set by `setHeader()` added (none set: `response` as it is). Every
   * `Set-Cookie` is kept, and calling it again on the same response (as each middleware level
   * does) copies only what changed since. A response whose headers cannot change
   * (`Response.redirect()`, one from `fetch()`) is copied.
   */
  withHeaders(response: Response): Response {
    const headers = this.#headers
    if (!headers) return response
    this.#applied ??= new WeakMap()
    const applied = this.#applied.get(response)
    let target = response
    try {
      mergeHeaders(target.headers, headers, applied)
    } catch {
      target = new Response(response.body, response)
      mergeHeaders(target.headers, headers, applied)
    }
    this.#applied.set(target, new Headers(headers))
    return target
  }
}
