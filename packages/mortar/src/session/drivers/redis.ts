import { MortarError } from '../../errors.js'
import { RedisConnection } from '../../support/redis_connection.js'
import type { StoredSession } from '../session.js'
import type { SessionStore } from '../store.js'

/**
 * Sessions in Redis (node-redis's @redis/client), one key each (`<prefix><id>`), expiring with the idle lifetime.
 * Shared by every process that reaches the same Redis.
 */
export class RedisStore implements SessionStore {
  readonly #redis: RedisConnection

  constructor(
    readonly url: string,
    readonly prefix: string,
    readonly idleMs: () => number,
  ) {
    this.#redis = new RedisConnection(
      url,
      (error, shown) =>
        new MortarError('E_SESSION_STORE', `Cannot reach Redis at ${shown} for sessions: ${error.message}`, {
          cause: error,
          hint: 'Start Redis, or fix REDIS_URL (or session.redis.url in config/session.ts).',
        }),
    )
  }

  async read(id: string): Promise<StoredSession | undefined> {
    const text = await (await this.#redis.client()).get(this.prefix + id)
    return text ? (JSON.parse(text) as StoredSession) : undefined
  }

  async write(id: string, session: StoredSession): Promise<void> {
    await (await this.#redis.client()).set(this.prefix + id, JSON.stringify(session), { PX: Math.max(1, this.idleMs()) })
  }

  async destroy(id: string): Promise<void> {
    await (await this.#redis.client()).del(this.prefix + id)
  }

  async prune(): Promise<number> {
    // Redis expires each key by itself when its idle lifetime is over.
    return 0
  }

  close(): Promise<void> {
    return this.#redis.close()
  }
}
