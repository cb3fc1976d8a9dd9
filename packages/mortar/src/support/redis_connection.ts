import type { MortarError } from '../errors.js'

/** node-redis's client, as Mortar's stores use it. */
export type RedisClient = import('@redis/client').RedisClientType

/**
 * One lazily opened connection to Redis, shared by a store's calls: @redis/client is imported and
 * connected on first use (a process that never needs Redis loads none of it), a failed connect
 * is retried on the next call, and `close()` quits it. Connection errors become the MortarError
 * that `unreachable` makes, which names the store and what to do.
 *
 * @example
 * const redis = new RedisConnection(url, (error) => new MortarError('E_SESSION_STORE', `Cannot reach Redis: ${error.message}`))
 * await (await redis.client()).get('key')
 */
export class RedisConnection {
  #client?: Promise<RedisClient>

  constructor(
    readonly url: string,
    readonly unreachable: (error: Error, redactedUrl: string) => MortarError,
  ) {}

  client(): Promise<RedisClient> {
    this.#client ??= (async () => {
      const { createClient } = await import('@redis/client')
      const client = createClient({ url: this.url, socket: { reconnectStrategy: (retries) => (retries > 3 ? false : 200) } })
      // Without a listener node-redis throws connection errors at the process.
      client.on('error', () => {})
      try {
        await client.connect()
      } catch (error) {
        this.#client = undefined
        throw this.unreachable(error as Error, this.url.replace(/\/\/[^@/]*@/, '//***@'))
      }
      return client as RedisClient
    })()
    return this.#client
  }

  async close(): Promise<void> {
    const pending = this.#client
    this.#client = undefined
    if (pending) await (await pending.catch(() => undefined))?.quit().catch(() => undefined)
  }
}
