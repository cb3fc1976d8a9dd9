import cluster from 'node:cluster'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { requireAppRoot } from '../../app/app_root.js'
import type { Application } from '../../app/application.js'
import { bootHttpApp } from '../../app/boot.js'
import { describeEnvironment, resolveEnvironment } from '../../config/environment.js'
import { configErrors } from '../../config/errors.js'
import { discoverPackages } from '../../packages/discovery.js'
import { Command } from '../command.js'
import { consoleErrors } from '../errors.js'
import { stopSignals } from '../stop_signals.js'

/** How long requests in flight may take to finish once the server is told to stop (config `app.shutdownTimeout`). */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000

/**
 * `craft serve`: serves the app. In development a supervisor reloads the app when its files or a
 * linked package's source change; in production (see config/environment.ts) or with --no-reload the
 * app runs in this process, or in `--workers` processes sharing the port. The first line names the
 * environment and where it came from. SIGTERM or SIGINT stops it gracefully: no new connections,
 * requests in flight answered, providers shut down, exit 0.
 */
export class Serve extends Command {
  static override signature =
    'serve {--port=8000 : the port to listen on} {--host=127.0.0.1 : the address to listen on} {--no-reload : do not restart on file changes} {--workers= : in production, run this many processes on the port ("auto": one per core)}'
  static override description = 'Serve the application (reloading on changes in development)'

  async handle() {
    const root = requireAppRoot(this.root, 'serve')
    const port = Number(this.option('port'))
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw consoleErrors.E_COMMAND_USAGE(`--port must be a number from 0 to 65535, not "${this.option('port')}"`)
    }
    const host = String(this.option('host'))
    const workers = workerCount(this.option('workers'))
    // Resolved as the app will resolve it (process APP_ENV, NODE_ENV, then .env), without
    // copying .env into this process: the reloading child reads it afresh at each start.
    const environment = resolveEnvironment(root)
    const production = environment.name === 'production'

    if (cluster.isWorker || process.env.MORTAR_SERVE_CHILD === '1') return this.#serveInProcess(root, port, host, true)
    if (workers !== undefined && production) return this.#serveWorkers(root, port, host, workers)
    if (workers !== undefined) {
      this.warn('--workers applies in production only (APP_ENV=production); serving one process.')
    }
    if (production || this.option('no-reload')) return this.#serveInProcess(root, port, host, false)

    const { DevServer } = await import('../../http/dev_server.js')
    const linked = (await discoverPackages(root)).filter((pkg) => pkg.linked).map((pkg) => pkg.root)
    const server = new DevServer({
      root,
      port,
      host,
      watch: linked.filter((folder) => existsSync(folder)),
      log: (line) => this.comment(line),
    })
    const signals = stopSignals()
    const url = await server.start()
    this.info(
      `Mortar is serving ${url} in ${describeEnvironment(environment)}: reloads when the app or a linked package changes; Ctrl+C to stop`,
    )
    await signals.stop
    await server.stop()
    signals.dispose()
  }

  async #serveInProcess(root: string, port: number, host: string, child: boolean) {
    // A child (the development server's, or a cluster worker) stops with its parent.
    const signals = stopSignals({ child })
    const app = await bootHttpApp(root)
    const shutdownTimeout = shutdownTimeoutOf(app)
    const { startServer } = await import('../../http/server.js')
    const { GracefulServer } = await import('../../http/graceful.js')
    const running = await startServer(app, { port, host })
    // Kept current while you work: a view, route, config key or message added shows in tsc.
    if (app.isDevelopment) await (await import('../../typegen/app_types.js')).writeAppTypes(app)
    // Said once per `craft serve` in development, not again on each reload.
    if (app.isDevelopment && process.env.MORTAR_SERVE_RELOADED !== '1') {
      const { staleCopies, staleCopiesLine } = await import('../../publishing/stale_copies.js')
      for (const stale of await staleCopies(app)) this.warn(staleCopiesLine(stale))
    }
    const graceful = new GracefulServer(running.server)
    if (process.send) process.send({ ready: running.port, shutdownTimeout })
    else {
      const environment = describeEnvironment({ name: app.environment, source: app.environmentSource })
      this.info(`Mortar is serving ${running.url} in ${environment}; Ctrl+C to stop`)
    }

    await signals.stop
    const { cut, forced } = await graceful.drain(shutdownTimeout, signals.force)
    if (cut > 0) {
      const requests = `${cut} request${cut === 1 ? ' was' : 's were'}`
      this.warn(
        forced
          ? `${requests} cut short by a second Ctrl+C`
          : `${requests} still running after ${shutdownTimeout} ms (app.shutdownTimeout) and cut short`,
      )
    }
    await app.shutdown()
    signals.dispose()
    // The supervisor's IPC channel would keep this process alive.
    if (process.connected) process.disconnect()
  }

  async #serveWorkers(root: string, port: number, host: string, count: number) {
    const { WorkerPool } = await import('../../http/workers.js')
    const signals = stopSignals()
    const pool = new WorkerPool({ root, port, host, count, log: (line) => this.comment(line) })
    const url = await pool.start()
    this.info(`Mortar is serving ${url} (production, ${count} workers; SIGHUP replaces them one by one; Ctrl+C to stop)`)
    await signals.stop
    this.comment(`Stopping ${count} workers`)
    await pool.stop()
    signals.dispose()
  }
}

/** `--workers`: undefined when absent, else a count (`auto`: one per core). */
function workerCount(value: unknown): number | undefined {
  if (value === undefined || value === false) return undefined
  if (value === 'auto') return availableParallelism()
  const count = Number(value)
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw consoleErrors.E_COMMAND_USAGE(`--workers must be a number from 1 to 256 or "auto", not "${String(value)}"`)
  }
  return count
}

function shutdownTimeoutOf(app: Application): number {
  const value = app.config.get<unknown>('app.shutdownTimeout', DEFAULT_SHUTDOWN_TIMEOUT_MS)
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw configErrors.E_CONFIG_INVALID(`app.shutdownTimeout must be a number of milliseconds, not ${JSON.stringify(value)}`, {
      hint: 'Set it in config/app.ts, e.g. shutdownTimeout: 10_000.',
    })
  }
  return value
}
