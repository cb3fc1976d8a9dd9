import type { MortarError } from '../errors.js'

/** node-redis's client, as Mortar's stores use it. */
export type RedisClient = import('@redis/client').RedisClientType

/** How long a connect, and then a command, may take before the call fails as unreachable. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000
export const REDIS_COMMAND_TIMEOUT_MS = 3_000
/** The longest pause between two reconnection attempts while Redis is away. */
const RECONNECT_MAX_DELAY_MS = 1_000

/**
 * One lazily opened connection to Redis, shared by a store's calls: @redis/client is imported and
 * connected on first use (a process that never needs Redis loads none of it), and `close()` quits
 * it. Every wait is bounded: a connect gives up after 2 s and a command after 3 s. While Redis is
 * away, calls fail at once (no offline queue) with the MortarError that `unreachable` makes (the
 * app answers it with a 503), and node-redis keeps reconnecting in the background, at most a
 * second apart, so the app serves again within a second or so of Redis coming back. A client that
 * gave up for good (or never connected) is dropped, and the next call opens a new one.
 *
 * @example
 * const redis = new RedisConnection(url, (error) => sessionErrors.E_SESSION_STORE(`Cannot reach Redis: ${error.message}`))
 * await redis.run((client) => client.get('key'))
 */
export class RedisConnection {
  #client?: Promise<RedisClient>

  constructor(
    readonly url: string,
    readonly unreachable: (error: Error, redactedUrl: string) => MortarError,
  ) {}

  /** The connected client; rejects with the `unreachable` error when Redis cannot be reached. */
  client(): Promise<RedisClient> {
    this.#client ??= this.#open()
    return this.#client
  }

  /**
   * Runs `command` on the client, bounded in time. A failure to reach Redis (refused, reset,
   * offline, timed out) becomes the `unreachable` error; an error Redis itself replied is thrown as it is.
   */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    const client = await this.client()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_COMMAND_TIMEOUT_MS} ms`)), REDIS_COMMAND_TIMEOUT_MS)
    })
    try {
      return await Promise.race([command(client), timeout])
    } catch (error) {
      const { ErrorReply } = await import('@redis/client')
      if (error instanceof ErrorReply) throw error
      if (!client.isOpen) this.#drop(client)
      throw this.#unreachable(error as Error)
    } finally {
      clearTimeout(timer)
    }
  }

  async close(): Promise<void> {
    const pending = this.#client
    this.#client = undefined
    const client = await pending?.catch(() => undefined)
    if (!client?.isOpen) return
    // quit() waits for Redis to answer; a Redis that is away gets its socket closed instead.
    if (client.isReady) await client.quit().catch(() => undefined)
    else client.destroy()
  }

  async #open(): Promise<RedisClient> {
    const { createClient } = await import('@redis/client')
    let connected = false
    const client = createClient({
      url: this.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
        // The first connect fails at once (the call that asked answers 503); a connection that
        // worked and dropped is retried for as long as the app runs.
        reconnectStrategy: (retries) => (connected ? Math.min(50 * 2 ** retries, RECONNECT_MAX_DELAY_MS) : false),
      },
    }) as RedisClient
    // Without a listener node-redis throws connection errors at the process.
    client.on('error', () => {})
    client.on('ready', () => {
      connected = true
    })
    try {
      await client.connect()
    } catch (error) {
      this.#client = undefined
      throw this.#unreachable(error as Error)
    }
    return client
  }

  #drop(client: RedisClient): void {
    void this.#client?.then(
      (current) => {
        if (current === client) this.#client = undefined
      },
      () => undefined,
    )
  }

  #unreachable(error: Error): MortarError {
    return this.unreachable(error, this.url.replace(/\/\/[^@/]*@/, '//***@'))
  }
}
