import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer, type Socket } from 'node:net'

/**
 * How long a keep-alive connection must have been idle before a draining server closes it. A
 * client may be sending its next request on a connection the moment it is closed, and would see
 * the connection reset; one idle this long is not in use (Node's own keep-alive timeout is 5 s).
 */
const IDLE_GRACE_MS = 1000

/** How a drain ended. */
export interface DrainResult {
  /** Requests still running when the time ran out (or `force` settled), whose connections were cut. */
  cut: number
  /** Whether `force` cut them, rather than the timeout. */
  forced: boolean
}

interface ConnectionState {
  requests: number
  idleSince: number
}

/**
 * Stops a server without losing a request it accepted. Created right after the server listens,
 * it follows its connections and the requests in flight; `drain()` then stops accepting
 * connections, lets those requests finish with `Connection: close` (so no client sends another on
 * the connection), closes keep-alive connections once idle, and after `timeoutMs` cuts whatever is
 * still running.
 */
export class GracefulServer {
  readonly #connections = new Map<Socket, ConnectionState>()
  readonly #inFlight = new Set<ServerResponse>()
  #draining = false

  constructor(readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.#connections.set(socket, { requests: 0, idleSince: Date.now() })
      socket.once('close', () => this.#connections.delete(socket))
    })
    // Prepended, so that `Connection: close` is set before the app writes its headers.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      const connection = this.#connections.get(request.socket)
      if (connection) connection.requests++
      this.#inFlight.add(response)
      if (this.#draining) response.setHeader('connection', 'close')
      response.once('close', () => {
        this.#inFlight.delete(response)
        if (connection) {
          connection.requests--
          connection.idleSince = Date.now()
        }
      })
    })
  }

  /** Requests being answered right now. */
  get inFlight(): number {
    return this.#inFlight.size
  }

  /**
   * Resolves once every connection has ended: the requests in flight answered in full, or cut
   * after `timeoutMs` (or as soon as `force` settles).
   */
  drain(timeoutMs: number, force?: Promise<unknown>): Promise<DrainResult> {
    this.#draining = true
    for (const response of this.#inFlight) {
      if (!response.headersSent) response.setHeader('connection', 'close')
    }
    return new Promise((resolve) => {
      const result: DrainResult = { cut: 0, forced: false }
      const cutTheRest = (forced: boolean) => {
        clearTimeout(timer)
        result.cut = this.#inFlight.size
        result.forced = forced
        for (const socket of this.#connections.keys()) socket.destroy()
      }
      const timer = setTimeout(() => cutTheRest(false), timeoutMs)
      force?.then(
        () => cutTheRest(true),
        () => cutTheRest(true),
      )
      const sweep = setInterval(() => this.#closeIdle(), 100)
      // net.Server's close(): stop listening, and call back once the last connection has ended.
      // http.Server's own close() would also end every idle connection at once, resetting a
      // request a client may be sending on one right then.
      NetServer.prototype.close.call(this.server, () => {
        clearTimeout(timer)
        clearInterval(sweep)
        resolve(result)
      })
    })
  }

  #closeIdle(): void {
    const now = Date.now()
    for (const [socket, connection] of this.#connections) {
      if (connection.requests === 0 && now - connection.idleSince >= IDLE_GRACE_MS) socket.destroy()
    }
  }
}
