import type { AboutValue } from './about.js'
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

  /**
   * Adds lines to `craft about` under this provider's section (a package's name, or the class
   * name), as Laravel's `AboutCommand::add`. Call it from `boot()`; a function is read when
   * `craft about` runs.
   *
   * @example
   * boot() { this.about({ 'Feed enabled': () => this.app.config.get('blog.feed.enabled') }) }
   */
  about(lines: Record<string, AboutValue>): this {
    this.app.about.add(this.aboutSection(), lines)
    return this
  }

  /** The `craft about` section this provider's lines go in. */
  protected aboutSection(): string {
    return this.constructor.name
  }
}

/** A provider class, as listed in `config/providers.ts`. */
export type ProviderClass = new (app: Application) => Provider
