import { RedisConnection } from '../../support/redis_connection.js'
import { sessionErrors } from '../errors.js'
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
    this.#redis = new RedisConnection(url, (error, shown) => sessionErrors.E_SESSION_STORE(shown, error))
  }

  async read(id: string): Promise<StoredSession | undefined> {
    const text = await this.#redis.run((client) => client.get(this.prefix + id))
    return text ? (JSON.parse(text) as StoredSession) : undefined
  }

  async write(id: string, session: StoredSession): Promise<void> {
    await this.#redis.run((client) => client.set(this.prefix + id, JSON.stringify(session), { PX: Math.max(1, this.idleMs()) }))
  }

  async destroy(id: string): Promise<void> {
    await this.#redis.run((client) => client.del(this.prefix + id))
  }

  async prune(): Promise<number> {
    // Redis expires each key by itself when its idle lifetime is over.
    return 0
  }

  close(): Promise<void> {
    return this.#redis.close()
  }
}
