import { MortarError } from '../../errors.js'
import type { StoredSession } from '../session.js'
import type { SessionStore } from '../store.js'

type RedisClient = import('@redis/client').RedisClientType

/**
 * Sessions in Redis (node-redis's @redis/client), one key each (`<prefix><id>`), expiring with the idle lifetime.
 * Shared by every process that reaches the same Redis.
 */
export class RedisStore implements SessionStore {
  #client?: Promise<RedisClient>

  constructor(
    readonly url: string,
    readonly prefix: string,
    readonly idleMs: () => number,
  ) {}

  async read(id: string): Promise<StoredSession | undefined> {
    const text = await (await this.#connect()).get(this.prefix + id)
    return text ? (JSON.parse(text) as StoredSession) : undefined
  }

  async write(id: string, session: StoredSession): Promise<void> {
    await (await this.#connect()).set(this.prefix + id, JSON.stringify(session), { PX: Math.max(1, this.idleMs()) })
  }

  async destroy(id: string): Promise<void> {
    await (await this.#connect()).del(this.prefix + id)
  }

  async prune(): Promise<number> {
    // Redis expires each key by itself when its idle lifetime is over.
    return 0
  }

  async close(): Promise<void> {
    const pending = this.#client
    this.#client = undefined
    if (pending) await (await pending).quit().catch(() => undefined)
  }

  #connect(): Promise<RedisClient> {
    this.#client ??= (async () => {
      const { createClient } = await import('@redis/client')
      const client = createClient({ url: this.url, socket: { reconnectStrategy: (retries) => (retries > 3 ? false : 200) } })
      // Without a listener node-redis throws connection errors at the process.
      client.on('error', () => {})
      try {
        await client.connect()
      } catch (error) {
        this.#client = undefined
        throw new MortarError(
          'E_SESSION_STORE',
          `Cannot reach Redis at ${this.url.replace(/\/\/[^@/]*@/, '//***@')} for sessions: ${(error as Error).message}`,
          {
            cause: error,
            hint: 'Start Redis, or fix REDIS_URL (or session.redis.url in config/session.ts).',
          },
        )
      }
      return client as RedisClient
    })()
    return this.#client
  }
}
