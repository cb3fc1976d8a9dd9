import { createHash } from 'node:crypto'
import type { Application } from '../app/application.js'
import { DatabaseLimiterStore } from './database_store.js'
import { limiterErrors } from './errors.js'
import { RedisLimiterStore } from './redis_store.js'
import type { LimiterStore } from './store.js'

/** `config/limiter.ts` (every key optional). */
export interface LimiterConfig {
  /** `database` (default: the app's SQLite or PostgreSQL) or `redis`; LIMITER_STORE. */
  store: 'database' | 'redis'
  redis: { url?: string; prefix: string }
}

/** The share of hits that also prune ended windows. */
const PRUNE_LOTTERY = 0.01

const DEFAULTS: LimiterConfig = { store: 'database', redis: { prefix: 'mortar:limit:' } }

/**
 * Rate limits, Laravel's `RateLimiter` in shape: count hits on a key (`login:ada@example.com|
 * 10.0.0.7`) in a window, and ask whether a limit is reached. Counts live in the app's database
 * (the `rate_limits` table of Mortar's own migrations) or in Redis, never in a cookie or in one
 * process's memory, so a limit holds across every process of the app. Keys are stored as their
 * SHA-256, so no email or address is written down.
 *
 * @example
 * const key = `login:${email}|${ctx.ip()}`
 * if (await limiter.tooManyAttempts(key, 5)) abort(429, `Try again in ${await limiter.availableIn(key)} s`)
 * if (!ok) await limiter.hit(key, 60)
 * else await limiter.clear(key)
 */
export class RateLimiter {
  #store?: LimiterStore

  constructor(readonly app: Application) {}

  /** `config/limiter.ts` over the defaults (LIMITER_STORE and REDIS_URL when it leaves them out). */
  get config(): LimiterConfig {
    const given = this.app.config.get<Partial<LimiterConfig>>('limiter', {})
    return {
      ...DEFAULTS,
      store: (process.env.LIMITER_STORE as LimiterConfig['store'] | undefined) || DEFAULTS.store,
      ...given,
      redis: { ...DEFAULTS.redis, url: process.env.REDIS_URL, ...given.redis },
    }
  }

  /** Counts one hit on `key`; the window (`decaySeconds`) starts with its first hit. Returns the hits in it. */
  async hit(key: string, decaySeconds = 60): Promise<number> {
    const { hits } = await this.#storeFor().hit(digest(key), Math.max(1, decaySeconds) * 1000, this.app.now())
    // One hit in a hundred also deletes ended windows, so the table does not grow with every key ever seen.
    if (Math.random() < PRUNE_LOTTERY) await this.prune()
    return hits
  }

  /** The hits on `key` in its open window (0 when none is open). */
  async attempts(key: string): Promise<number> {
    return (await this.#storeFor().peek(digest(key), this.app.now()))?.hits ?? 0
  }

  /** True when `key` has `maxAttempts` hits or more in its open window. */
  async tooManyAttempts(key: string, maxAttempts: number): Promise<boolean> {
    return (await this.attempts(key)) >= maxAttempts
  }

  /** How many hits are left before `maxAttempts`. */
  async remaining(key: string, maxAttempts: number): Promise<number> {
    return Math.max(0, maxAttempts - (await this.attempts(key)))
  }

  /** Seconds until the open window of `key` ends (0 when none is open). */
  async availableIn(key: string): Promise<number> {
    const now = this.app.now()
    const open = await this.#storeFor().peek(digest(key), now)
    return open ? Math.max(1, Math.ceil((open.resetAt - now) / 1000)) : 0
  }

  /** Forgets `key`'s count (after a successful login, say). */
  async clear(key: string): Promise<void> {
    await this.#storeFor().clear(digest(key))
  }

  /**
   * Runs `callback` and counts a hit when fewer than `maxAttempts` were made in the window;
   * otherwise runs nothing and gives `false`.
   */
  async attempt<T>(key: string, maxAttempts: number, callback: () => T | Promise<T>, decaySeconds = 60): Promise<T | false> {
    if (await this.tooManyAttempts(key, maxAttempts)) return false
    await this.hit(key, decaySeconds)
    return callback()
  }

  /** Deletes windows that ended (the database store; Redis expires them by itself). */
  prune(): Promise<number> {
    return this.#storeFor().prune(this.app.now())
  }

  async close(): Promise<void> {
    const store = this.#store
    this.#store = undefined
    await store?.close()
  }

  #storeFor(): LimiterStore {
    if (this.#store) return this.#store
    const config = this.config
    if (config.store === 'database') this.#store = new DatabaseLimiterStore(this.app)
    else if (config.store === 'redis')
      this.#store = new RedisLimiterStore(config.redis.url ?? 'redis://127.0.0.1:6379', config.redis.prefix)
    else {
      throw limiterErrors.E_LIMITER_STORE(`Rate limiter store "${String(config.store)}" is not one of database, redis`, {
        hint: 'Set limiter.store in config/limiter.ts (or LIMITER_STORE) to database or redis.',
      })
    }
    return this.#store
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}
