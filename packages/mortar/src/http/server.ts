import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Application } from '../app/application.js'
import { MortarError } from '../errors.js'

/** A running HTTP server. */
export interface RunningServer {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

/**
 * Serves a booted application on a socket (port 0 picks a free one). The HTTP kernel is built
 * first, so a broken route fails here and not on the first request.
 */
export async function startServer(app: Application, options: { port: number; host: string }): Promise<RunningServer> {
  const kernel = app.httpKernel()
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: kernel.fetch, port: options.port, hostname: options.host }) as Server
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
  return new MortarError('E_COMMAND_USAGE', `Port ${port} on ${host} is already in use`, {
    hint: `Stop what is using it, or run craft serve --port ${port + 1}.`,
  })
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
