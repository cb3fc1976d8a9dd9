import { RedisConnection } from '../support/redis_connection.js'
import { limiterErrors } from './errors.js'
import type { LimiterHit, LimiterStore } from './store.js'

// One hit, atomically: an open window (its end later than now) counts on; else a new one starts.
// The window's end is kept in the hash, by the app's clock, so a test app's travel() moves it too;
// the key's TTL only lets Redis drop it once it can no longer matter.
const HIT = `
local window = redis.call('HMGET', KEYS[1], 'hits', 'reset')
local now = tonumber(ARGV[1])
local decay = tonumber(ARGV[2])
if window[2] and tonumber(window[2]) > now then
  return { redis.call('HINCRBY', KEYS[1], 'hits', 1), window[2] }
end
redis.call('HSET', KEYS[1], 'hits', 1, 'reset', now + decay)
redis.call('PEXPIRE', KEYS[1], decay)
return { 1, tostring(now + decay) }
`

/**
 * Counts in Redis, one hash a key (`<prefix><key>`: hits and the window's end), hit by one Lua
 * script so processes sharing the Redis never lose a count; each key expires with its window.
 */
export class RedisLimiterStore implements LimiterStore {
  readonly #redis: RedisConnection

  constructor(
    readonly url: string,
    readonly prefix: string,
  ) {
    this.#redis = new RedisConnection(url, (error, shown) =>
      limiterErrors.E_LIMITER_STORE(`Cannot reach Redis at ${shown} for rate limits: ${error.message}`, {
        cause: error,
        hint: 'Start Redis, or fix REDIS_URL (or limiter.redis.url in config/limiter.ts).',
      }),
    )
  }

  async hit(key: string, decayMs: number, now: number): Promise<LimiterHit> {
    const [hits, resetAt] = (await this.#redis.run((client) =>
      client.eval(HIT, { keys: [this.prefix + key], arguments: [String(now), String(decayMs)] }),
    )) as [number, string]
    return { hits: Number(hits), resetAt: Number(resetAt) }
  }

  async peek(key: string, now: number): Promise<LimiterHit | undefined> {
    const [hits, resetAt] = await this.#redis.run((client) => client.hmGet(this.prefix + key, ['hits', 'reset']))
    if (hits == null || resetAt == null || Number(resetAt) <= now) return undefined
    return { hits: Number(hits), resetAt: Number(resetAt) }
  }

  async clear(key: string): Promise<void> {
    await this.#redis.run((client) => client.del(this.prefix + key))
  }

  async prune(): Promise<number> {
    // Redis expires each key by itself when its window ends.
    return 0
  }

  close(): Promise<void> {
    return this.#redis.close()
  }
}
