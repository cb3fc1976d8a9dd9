import { currentApp } from '../app/current.js'
import type { RateLimiter } from './rate_limiter.js'

export { type LimiterConfig, RateLimiter } from './rate_limiter.js'
export type { LimiterHit, LimiterStore } from './store.js'
export { type ThrottleOptions, throttle } from './throttle.js'

/**
 * The current application's rate limiter (`app.limiter`): `hit`, `attempts`, `tooManyAttempts`,
 * `remaining`, `availableIn`, `clear`, `attempt`. See `RateLimiter`.
 *
 * @example
 * import { limiter } from 'mortar'
 * if (await limiter.tooManyAttempts(`login:${email}|${ctx.ip()}`, 5)) abort(429)
 */
export const limiter: Pick<RateLimiter, 'hit' | 'attempts' | 'tooManyAttempts' | 'remaining' | 'availableIn' | 'clear' | 'attempt'> = {
  hit: (key, decaySeconds) => currentApp().limiter.hit(key, decaySeconds),
  attempts: (key) => currentApp().limiter.attempts(key),
  tooManyAttempts: (key, maxAttempts) => currentApp().limiter.tooManyAttempts(key, maxAttempts),
  remaining: (key, maxAttempts) => currentApp().limiter.remaining(key, maxAttempts),
  availableIn: (key) => currentApp().limiter.availableIn(key),
  clear: (key) => currentApp().limiter.clear(key),
  attempt: (key, maxAttempts, callback, decaySeconds) => currentApp().limiter.attempt(key, maxAttempts, callback, decaySeconds),
}
