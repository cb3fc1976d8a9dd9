import type { Application } from './application.js'

/**
 * A service provider: the place where an application or a package plugs into the lifecycle.
 * `register()` only binds services into the container; `boot()` runs after every provider has
 * registered, so it can use what others bound; `shutdown()` runs when the app stops.
 *
 * @example
 * export default class AppProvider extends Provider {
 *   register() { this.app.container.singleton(Clock, () => new Clock()) }
 *   boot() { this.app.middleware.alias('timing', timing) }
 * }
 */
export class Provider {
  constructor(readonly app: Application) {}

  register(): void | Promise<void> {}

  boot(): void | Promise<void> {}

  shutdown(): void | Promise<void> {}
}

/** A provider class, as listed in `config/providers.ts`. */
export type ProviderClass = new (app: Application) => Provider
