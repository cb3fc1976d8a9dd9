import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { ConfigRepository } from '../config/repository.js'
import type { MortarError } from '../errors.js'
import { httpErrors } from './errors.js'
import type { HttpKernel } from './http_kernel.js'

/** What the server needs of a booted application: what answers its requests, and its `app.server` timeouts. */
export interface ServedApp {
  /** Built when the server starts, so a broken route fails the start. */
  httpKernel(): HttpKernel
  readonly config: Pick<ConfigRepository, 'get'>
}

/** A running HTTP server. */
export interface RunningServer {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

/**
 * Node's server timeouts, in milliseconds (`app.server` in config/app.ts).
 *
 * @example
 * server: { headersTimeout: 10_000, requestTimeout: 120_000 } satisfies Partial<ServerTimeouts>
 */
export interface ServerTimeouts {
  /** Time a client has to send the request's headers; a slow client (slowloris) is dropped with 408. */
  headersTimeout: number
  /** Time a client has to send the whole request, body included. */
  requestTimeout: number
  /** Time an idle keep-alive connection stays open. */
  keepAliveTimeout: number
}

/** The defaults: 10 s for headers, 60 s for a whole request, 5 s idle keep-alive. */
export const SERVER_TIMEOUTS: ServerTimeouts = { headersTimeout: 10_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 }

/**
 * The options for `http.createServer()` with the given timeouts. Node checks the header and
 * request timeouts on a timer (every 30 s by default); it runs here at a quarter of the shortest,
 * so a slow client is dropped close to its deadline.
 */
export function serverOptions(settings: unknown = {}): ServerTimeouts & { connectionsCheckingInterval: number } {
  if (typeof settings !== 'object' || settings === null) throw invalidTimeout('app.server', settings)
  const timeouts = { ...SERVER_TIMEOUTS }
  for (const key of Object.keys(SERVER_TIMEOUTS) as (keyof ServerTimeouts)[]) {
    const value = (settings as Partial<ServerTimeouts>)[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidTimeout(`app.server.${key}`, value)
    timeouts[key] = value
  }
  // Node requires headersTimeout <= requestTimeout (0 turns the request timeout off).
  if (timeouts.requestTimeout > 0) timeouts.headersTimeout = Math.min(timeouts.headersTimeout, timeouts.requestTimeout)
  const shortest = Math.min(...[timeouts.headersTimeout, timeouts.requestTimeout].filter((value) => value > 0), 120_000)
  return { ...timeouts, connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(shortest / 4))) }
}

function invalidTimeout(key: string, value: unknown): MortarError {
  return httpErrors.E_HTTP_CONFIG_INVALID(`${key} must be a number of milliseconds, not ${JSON.stringify(value)}`, {
    hint: 'Example: server: { headersTimeout: 10_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 }',
  })
}

/**
 * Serves a booted application on a socket (port 0 picks a free one). The HTTP kernel is built
 * first, so a broken route fails here and not on the first request.
 */
export async function startServer(app: ServedApp, options: { port: number; host: string }): Promise<RunningServer> {
  const kernel = app.httpKernel()
  const settings = serverOptions(app.config.get('app.server', {}))
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: (request, env) => kernel.fetch(request, env),
      port: options.port,
      hostname: options.host,
      serverOptions: settings,
    }) as Server
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options.port, options.host)))
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port
      resolve({ server, port, url: serverUrl(options.host, port), close: () => closeServer(server) })
    })
  })
}

/** A listen error as craft reports it: a port in use says what to do. */
export function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code !== 'EADDRINUSE') return error
  return httpErrors.E_PORT_IN_USE(port, host)
}

/** The URL of a server listening on `host` (an IPv6 address in brackets) and `port`. */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** Closes a server, ending idle keep-alive connections so it does not linger. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections?.()
    setTimeout(() => server.closeAllConnections?.(), 500).unref()
  })
}
