import type { HttpContext } from '../http/context.js'
import { HttpError } from '../http/http_error.js'
import type { Middleware } from '../http/middleware.js'

/** Options of {@link throttle}. */
export interface ThrottleOptions {
  /** Hits allowed in each window. */
  max: number
  /** The window, in seconds (default 60). */
  perSeconds?: number
  /** Whose hits count together (default: the client address, `ctx.ip()`). */
  by?: (ctx: HttpContext) => string
  /** Keeps two throttles on one client apart (default: the route's method and path). */
  name?: string
}

/**
 * A middleware that lets `max` requests through per window and answers the next ones 429 with
 * `Retry-After`; answers it lets through carry `X-RateLimit-Limit` and `X-RateLimit-Remaining`.
 * Counted with the app's `limiter`, so the limit holds across processes.
 *
 * @example
 * Route.post('/contact', [ContactController, 'send']).middleware(throttle({ max: 5, perSeconds: 60 }))
 */
export function throttle(options: ThrottleOptions): Middleware {
  const perSeconds = options.perSeconds ?? 60
  const limited: Middleware = async (ctx, next) => {
    const limiter = ctx.app.limiter
    const key = `throttle:${options.name ?? `${ctx.method} ${ctx.path}`}|${(options.by ?? ((c: HttpContext) => c.ip()))(ctx)}`
    if (await limiter.tooManyAttempts(key, options.max)) {
      const retry = await limiter.availableIn(key)
      throw new HttpError(429, `Too many requests: try again in ${retry} s`, {
        'retry-after': String(retry),
        'x-ratelimit-limit': String(options.max),
        'x-ratelimit-remaining': '0',
      })
    }
    const hits = await limiter.hit(key, perSeconds)
    ctx.setHeader('x-ratelimit-limit', String(options.max))
    ctx.setHeader('x-ratelimit-remaining', String(Math.max(0, options.max - hits)))
    return next()
  }
  return limited
}
