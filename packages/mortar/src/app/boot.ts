import type { Application, ApplicationOptions, BootPlan } from './application.js'

// One runner per kind of process, each booting the application with what that process uses and
// nothing more (AdonisJS's ignitor has the same three): the HTTP server, craft's console, and a
// test app. Application and the importer are imported when a runner runs, so craft's `list` and
// `help`, which answer from the command index, never load them.

/**
 * Boots the application at `root` to serve HTTP (`craft serve`, its reloading child and its
 * workers): routes are mounted, the app's commands are never imported.
 *
 * @example
 * const app = await bootHttpApp('/srv/blog')
 * const running = await startServer(app, { port: 8000, host: '127.0.0.1' })
 */
export async function bootHttpApp(root: string): Promise<Application> {
  return boot({ root }, { routes: true, commands: false })
}

/**
 * Boots the application at `root` for a craft command. The app's own commands are always loaded,
 * so that a package command clashing with one of them is reported whichever command runs; the
 * route files only when the command uses them (`routes: false` for craft's package and migrate
 * commands, which never answer a request or make a URL). Its TypeScript is imported from the
 * compile cache (support/compile_cache.ts); tsx is registered only for a file the cache does not
 * cover.
 *
 * @example
 * const app = await bootConsoleApp(root, { routes: false })
 * const command = app.commands.get('blog:import')?.command
 */
export async function bootConsoleApp(root: string, command: { routes?: boolean } = {}): Promise<Application> {
  return boot({ root }, { routes: command.routes ?? true, commands: true })
}

/**
 * Boots an application for tests (`createTestApp()`): in the test environment, with its routes
 * (it answers requests in-process) and its commands (`testApp.craft()`), importing its TypeScript
 * as it is through tsx, so a test file importing the app's modules shares them with the app.
 */
export async function bootTestApp(options: Omit<ApplicationOptions, 'environment'>): Promise<Application> {
  const { registerTypeScript } = await import('../support/import_file.js')
  await registerTypeScript()
  return boot({ ...options, environment: 'test' }, { routes: true, commands: true }, { sourcesPreferred: true })
}

async function boot(options: ApplicationOptions, plan: BootPlan, importer: { sourcesPreferred?: boolean } = {}): Promise<Application> {
  const { Application } = await import('./application.js')
  const app = await Application.create(options, importer)
  return app.boot(plan)
}
