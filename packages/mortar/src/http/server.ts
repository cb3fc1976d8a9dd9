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
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new MortarError('E_COMMAND_USAGE', `Port ${options.port} on ${options.host} is already in use`, {
              hint: `Stop what is using it, or run craft serve --port ${options.port + 1}.`,
            })
          : error,
      )
    })
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        server,
        port,
        url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
        close: () => closeServer(server),
      })
    })
  })
}

/** Closes a server, ending idle keep-alive connections so it does not linger. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections?.()
    setTimeout(() => server.closeAllConnections?.(), 500).unref()
  })
}
