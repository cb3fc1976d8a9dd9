import type { Context as HonoContext } from 'hono'
import type { Application } from '../app/application.js'
import type { StandardSchemaV1 } from '../validation/standard_schema.js'
import { type ValidateOptions, validateInput } from '../validation/validate.js'

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

  constructor(
    readonly app: Application,
    readonly hono: HonoContext,
    /** The matched route's name, if it has one. */
    readonly routeName?: string,
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
   * The request body, parsed by its content type: JSON, a form (urlencoded or multipart) as an
   * object, or text. Read once and remembered.
   */
  body<T = Record<string, unknown>>(): Promise<T> {
    this.#body ??= this.#parseBody()
    return this.#body as Promise<T>
  }

  async #parseBody(): Promise<unknown> {
    const type = this.header('content-type') ?? ''
    if (type.includes('application/json')) {
      const text = await this.hono.req.text()
      return text === '' ? {} : JSON.parse(text)
    }
    if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      return this.hono.req.parseBody()
    }
    return this.hono.req.text()
  }

  /** Sets the status of the answer; chainable in a return: `return ctx.status(201) && data`. */
  status(code: number): this {
    this.statusCode = code
    return this
  }

  /** Adds a header to the answer. */
  setHeader(name: string, value: string): this {
    this.headers.set(name, value)
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

  /** A redirect to a URL, or to a named route with `ctx.redirect(ctx.route('posts.index'))`. */
  redirect(location: string, status = 302): Response {
    return this.withHeaders(new Response(null, { status, headers: { location } }))
  }

  /** Renders a view (see `view()`) with this request's view data (`request`, `errors`, shared data). */
  view(name: string, data: Record<string, unknown> = {}): Promise<string> {
    return this.app.views.render(name, data, this)
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
  route(name: string, params?: Record<string, string | number>): string {
    return this.app.routes.url(name, params)
  }

  /**
   * `response` with the headers set by `setHeader()` added (none set: `response` as it is). A
   * response whose headers cannot change (`Response.redirect()`, one from `fetch()`) is copied.
   */
  withHeaders(response: Response): Response {
    const headers = this.#headers
    if (!headers) return response
    const copyInto = (target: Response): Response => {
      for (const [key, value] of headers) target.headers.set(key, value)
      return target
    }
    try {
      return copyInto(response)
    } catch {
      return copyInto(new Response(response.body, response))
    }
  }
}
