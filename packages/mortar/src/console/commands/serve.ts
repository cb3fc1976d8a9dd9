import { existsSync } from 'node:fs'
import { describeEnvironment, resolveEnvironment } from '../../config/environment.js'
import { MortarError } from '../../errors.js'
import { discoverPackages } from '../../packages/discovery.js'
import { Command } from '../command.js'
import { bootApp, requireAppRoot } from '../entry.js'

/**
 * `craft serve`: serves the app. In development a supervisor reloads the app when its files or a
 * linked package's source change; in production (see config/environment.ts) or with --no-reload the
 * app runs in this process. The first line names the environment and where it came from.
 */
export class Serve extends Command {
  static override signature =
    'serve {--port=8000 : the port to listen on} {--host=127.0.0.1 : the address to listen on} {--no-reload : do not restart on file changes}'
  static override description = 'Serve the application (reloading on changes in development)'

  async handle() {
    const root = requireAppRoot(this.root, 'serve')
    const port = Number(this.option('port'))
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new MortarError('E_COMMAND_USAGE', `--port must be a number from 0 to 65535, not "${this.option('port')}"`)
    }
    const host = String(this.option('host'))
    // Resolved as the app will resolve it (process APP_ENV, NODE_ENV, then .env), without
    // copying .env into this process: the reloading child reads it afresh at each start.
    const environment = resolveEnvironment(root)
    const production = environment.name === 'production'

    if (process.env.MORTAR_SERVE_CHILD === '1' || production || this.option('no-reload')) {
      return this.#serveInProcess(root, port, host)
    }
    const { DevServer } = await import('../../http/dev_server.js')
    const linked = (await discoverPackages(root)).filter((pkg) => pkg.linked).map((pkg) => pkg.root)
    const server = new DevServer({
      root,
      port,
      host,
      watch: linked.filter((folder) => existsSync(folder)),
      log: (line) => this.comment(line),
    })
    const url = await server.start()
    this.info(
      `Mortar is serving ${url} in ${describeEnvironment(environment)}: reloads when the app or a linked package changes; Ctrl+C to stop`,
    )
    await untilSignal()
    await server.stop()
  }

  async #serveInProcess(root: string, port: number, host: string) {
    const app = await bootApp(root)
    const { startServer } = await import('../../http/server.js')
    const running = await startServer(app, { port, host })
    if (process.send) process.send({ ready: running.port })
    else {
      const environment = describeEnvironment({ name: app.environment, source: app.environmentSource })
      this.info(`Mortar is serving ${running.url} in ${environment}; Ctrl+C to stop`)
    }
    await untilSignal()
    await running.close()
    await app.shutdown()
    // The supervisor's IPC channel would keep this process alive.
    if (process.connected) process.disconnect()
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    process.once('disconnect', stop)
  })
}
