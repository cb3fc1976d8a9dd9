import { peekSession, sessionOf } from '../session/context_session.js'
import type { HttpContext } from './context.js'

/**
 * A redirect being built by `ctx.redirect()`: where to (`to`, `route`, `back`) and what to flash
 * for the next request (`with`). Return it from a handler. After a POST, PUT, PATCH or DELETE it
 * answers 303 (the browser then GETs the location), otherwise 302.
 *
 * @example
 * return ctx.redirect().back('/posts').with('status', 'Saved')
 */
export class Redirect {
  #location?: string
  #status?: number
  readonly #flash: [string, unknown][] = []

  constructor(readonly ctx: HttpContext) {}

  /** To a URL or path. */
  to(location: string): this {
    this.#location = location
    return this
  }

  /** To a named route: `.route('posts.show', { id: 1 })`. */
  route(name: string, params?: Record<string, string | number>): this {
    this.#location = this.ctx.route(name, params)
    return this
  }

  /**
   * Back to the previous page: the last page the session recorded, else the Referer header when
   * it is this site, else `fallback`. Never to another site.
   */
  back(fallback = '/'): this {
    this.#location = this.#previous() ?? fallback
    return this
  }

  /** Flashes a value (or several) into the session, readable on the next request only. */
  with(key: string | Record<string, unknown>, value?: unknown): this {
    if (typeof key === 'string') this.#flash.push([key, value])
    else this.#flash.push(...Object.entries(key))
    return this
  }

  /** Overrides the status (301, 302, 303, 307, 308). */
  status(code: number): this {
    this.#status = code
    return this
  }

  /** The answer: a redirect with the headers and cookies the request set. */
  toResponse(): Response {
    if (this.#flash.length > 0) {
      const session = sessionOf(this.ctx)
      for (const [key, value] of this.#flash) session.flash(key, value)
    }
    const method = this.ctx.method
    const status = this.#status ?? (method === 'GET' || method === 'HEAD' ? 302 : 303)
    const location = this.#location ?? this.#previous() ?? '/'
    return this.ctx.withHeaders(new Response(null, { status, headers: { location } }))
  }

  #previous(): string | undefined {
    const recorded = peekSession(this.ctx)?.previousUrl
    if (recorded && isLocalPath(recorded)) return recorded
    const referer = this.ctx.header('referer')
    if (!referer || !URL.canParse(referer)) return undefined
    const url = new URL(referer)
    return url.origin === this.ctx.url.origin ? `${url.pathname}${url.search}` : undefined
  }
}

/** `/path?query`, not `//other.host` or a full URL. */
function isLocalPath(location: string): boolean {
  return location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\')
}
