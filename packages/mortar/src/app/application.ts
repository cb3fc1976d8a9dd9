import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Environment, type EnvironmentSource, resolveEnvironment } from '../config/environment.js'
import { ConfigRepository, loadAppConfig, loadEnvFile } from '../config/index.js'
import type { CommandClass } from '../console/command.js'
import { CommandRegistry } from '../console/command_registry.js'
import { consoleErrors } from '../console/errors.js'
import { Container } from '../container/index.js'
import { appMigrationSource, createDatabase, type Database, type MigrationSource } from '../database/index.js'
import { mortarMigrationSource } from '../database/mortar_source.js'
import { errorSummary, isMortarError, MortarError } from '../errors.js'
import type { HttpContext } from '../http/context.js'
import { defineContextMember } from '../http/context_extensions.js'
import { ControllerRegistry } from '../http/controllers.js'
import { httpErrors } from '../http/errors.js'
import { buildHttpKernel, type HttpKernel } from '../http/http_kernel.js'
import { MiddlewareRegistry } from '../http/middleware.js'
import { currentRequest } from '../http/request_scope.js'
import type { RouteItem } from '../http/route.js'
import { RouteTable } from '../http/route_table.js'
import { type TranslationParams, Translator } from '../i18n/translator.js'
import { RateLimiter } from '../limiter/rate_limiter.js'
import { Mailer } from '../mail/mailer.js'
import { isPackageProviderClass, type PackageProvider } from '../packages/package_provider.js'
import { applyPackage, mountPackageRoutes, PackageRegistry } from '../packages/package_registry.js'
import { resolveAppKeys } from '../security/app_key.js'
import { Encrypter } from '../security/encryption.js'
import { csrf } from '../session/csrf.js'
import { SessionManager } from '../session/manager.js'
import { session } from '../session/middleware.js'
import { registerSessionViewHelpers } from '../session/view_helpers.js'
import { Importer, type ImporterOptions } from '../support/import_file.js'
import { FRAMEWORK_TEMPLATES, ViewEngine } from '../views/index.js'
import { AboutRegistry } from './about.js'
import { isAppRoot, notAnApp } from './app_root.js'
import { forgetApp, runBoot, setLatestApp } from './current.js'
import { appErrors } from './errors.js'
import { APP_LAYOUT } from './layout.js'
import type { Provider } from './provider.js'
import { loadProvidersConfig, type ProvidersConfig, resolveProviders } from './provider_loader.js'

export type { Environment, EnvironmentSource } from '../config/environment.js'

/** Options of `Application.create()`. */
export interface ApplicationOptions {
  /** The app folder (holding config/, routes/, …), as a path or file URL. */
  root: string | URL
  /** Defaults to the resolved environment: process APP_ENV, then process NODE_ENV, then APP_ENV in .env, else development. */
  environment?: Environment
  /** Config values set over the loaded ones (dotted keys), e.g. `{ 'database.url': 'sqlite::memory:' }`. */
  config?: Record<string, unknown>
}

/**
 * What `boot()` loads beyond configuration and providers, which depends on the kind of process
 * the application runs in: each runner of app/boot.ts (HTTP server, console, test app) says it.
 * `boot()` without one loads what serving needs.
 */
export interface BootPlan {
  /**
   * Mount the route files (the app's and the packages'). Left out for commands that never answer
   * a request or make a URL (craft's package and migrate commands); such an application cannot serve.
   */
  routes: boolean
  /** Load the app's commands from app/commands. */
  commands: boolean
}

/** What serving needs: routes, not commands. */
const SERVING: BootPlan = { routes: true, commands: false }

/** How long one provider phase may take: MORTAR_PROVIDER_TIMEOUT (ms, read when it runs, so .env counts), else 10 s. */
function phaseTimeoutMs(): number {
  const value = Number(process.env.MORTAR_PROVIDER_TIMEOUT)
  return Number.isFinite(value) && value > 0 ? value : 10_000
}

/** Hears of an error answered with a 5xx; see `app.onError()`. */
export type ErrorHook = (error: unknown, ctx?: HttpContext) => void | Promise<void>

/**
 * A Mortar application: its configuration, container, providers and the registries they fill
 * (routes, middleware, views, commands, packages, migration sources).
 *
 * Lifecycle: `create()` → `boot()` (load .env and config; load providers; configure packages;
 * every provider's `register()`, then every `boot()`; mount routes) → serve or run a command →
 * `shutdown()`.
 *
 * @example
 * const app = await Application.create({ root: new URL('../', import.meta.url) })
 * await app.boot()
 * const response = await app.fetch(new Request('http://localhost/'))
 */
export class Application {
  readonly root: string
  readonly environment: Environment
  /** Where `environment` came from (`NODE_ENV`, `.env`, …), for `craft serve`'s first line. */
  readonly environmentSource: EnvironmentSource
  /** How this application imports its files (config, providers, routes, controllers, commands, migrations). */
  readonly importer: Importer
  readonly container = new Container()
  readonly config = new ConfigRepository()
  readonly routes = new RouteTable()
  readonly middleware = new MiddlewareRegistry()
  readonly controllers: ControllerRegistry
  readonly commands = new CommandRegistry()
  readonly packages = new PackageRegistry()
  /** Package asset folders by package name, served at `/vendor/<name>/`. */
  readonly assets = new Map<string, string>()
  /** The packages' migration sources, in provider order (see `allMigrationSources()`). */
  readonly migrationSources: MigrationSource[] = []
  /** Lines providers add to `craft about` (see `Provider.about()`). */
  readonly about = new AboutRegistry()
  /** Errors answered with a 500, kept in tests for assertions. */
  readonly reportedErrors: unknown[] = []
  views!: ViewEngine
  /** The app's and its packages' messages (`t()`; see docs/i18n.md). */
  translator!: Translator
  providersConfig: ProvidersConfig = {}
  readonly #providers: { label: string; instance: Provider }[] = []
  readonly #overrides: Record<string, unknown>
  #loadRoutes = true
  #booted = false
  #kernel?: HttpKernel
  #database?: Database
  readonly #errorHooks: ErrorHook[] = []
  #mail?: Mailer
  #encrypter?: Encrypter
  #sessions?: SessionManager
  #limiter?: RateLimiter
  #clockOffset = 0
  readonly #contextMembers = new Map<string, (ctx: HttpContext) => unknown>()

  private constructor(options: ApplicationOptions, importer: ImporterOptions) {
    this.root = resolve(rootPath(options.root))
    this.#overrides = options.config ?? {}
    loadEnvFile(this.root)
    this.importer = new Importer({ ...importer, root: this.root })
    this.controllers = new ControllerRegistry(this.importer)
    const resolved = options.environment ? { name: options.environment, source: 'given' as const } : resolveEnvironment(this.root)
    this.environment = resolved.name
    this.environmentSource = resolved.source
    this.middleware.alias('session', session).alias('csrf', csrf, { needs: ['session'] })
  }

  /**
   * Makes an application for a folder (one with config/app.ts and a package.json, see
   * app/app_root.ts); call `boot()` next. `importer` is for the test runner, whose app imports
   * its TypeScript as the tests do (see `ImporterOptions.sourcesPreferred`).
   */
  static async create(options: ApplicationOptions, importer: Omit<ImporterOptions, 'root'> = {}): Promise<Application> {
    const root = rootPath(options.root)
    if (!isAppRoot(root)) throw notAnApp(root)
    return new Application(options, importer)
  }

  get isProduction(): boolean {
    return this.environment === 'production'
  }

  get isDevelopment(): boolean {
    return this.environment === 'development'
  }

  get isTesting(): boolean {
    return this.environment === 'test'
  }

  get templatesPath(): string {
    return join(this.root, APP_LAYOUT.templates)
  }

  get publicPath(): string {
    return join(this.root, APP_LAYOUT.public)
  }

  get storagePath(): string {
    return join(this.root, APP_LAYOUT.storage)
  }

  get migrationsPath(): string {
    return join(this.root, APP_LAYOUT.migrations)
  }

  get booted(): boolean {
    return this.#booted
  }

  /**
   * Loads configuration and providers and runs register → boot, then loads what `plan` says the
   * process needs (by default what serving needs: the routes). Errors name the provider and phase.
   */
  async boot(plan: BootPlan = SERVING): Promise<this> {
    if (this.#booted) return this
    this.#loadRoutes = plan.routes
    await runBoot(this, async () => {
      const values = await loadAppConfig(this.root, this.importer)
      for (const [key, value] of Object.entries(values)) this.config.set(key, value)
      for (const [key, value] of Object.entries(this.#overrides)) this.config.set(key, value)
      this.views = new ViewEngine(this.templatesPath, { cache: this.isProduction })
      this.views.global('route', (name: string, params?: Record<string, string | number>) => this.routes.url(name, params))
      this.views.global('config', (key: string, fallback?: unknown) => this.config.get(key, fallback))
      this.translator = new Translator(join(this.root, APP_LAYOUT.lang), {
        locale: this.config.get<string>('app.locale', 'en'),
        fallbackLocale: this.config.get<string>('app.fallbackLocale', this.config.get<string>('app.locale', 'en')),
        // Shown once per key and locale, where someone is looking: in development.
        onMissing: this.isDevelopment ? (key, locale) => console.warn(`Missing translation "${key}" (${locale})`) : undefined,
      })
      // In a request (a route with the session middleware) a view's t() speaks the request's locale.
      this.views.global('t', (key: string, params?: TranslationParams) => this.translator.t(key, params, currentRequest()?.locale))
      registerSessionViewHelpers(this.views)
      // Mortar's own partials (`mortar:pagination`), overridable in templates/vendor/mortar/.
      this.views.namespace('mortar', FRAMEWORK_TEMPLATES, join(this.root, APP_LAYOUT.templatesVendor, 'mortar'))
      this.controllers.add('app', join(this.root, APP_LAYOUT.controllers))
      this.container.instance(Application as never, this)

      this.providersConfig = await loadProvidersConfig(this.root, this.importer)
      const resolved = await resolveProviders(this.root, this.providersConfig, { environment: this.environment, importer: this.importer })
      for (const { label, providerClass, npm } of resolved) {
        const instance = new providerClass(this)
        let name = label
        if (isPackageProviderClass(providerClass)) {
          const provider = instance as PackageProvider
          await this.#phase(label, 'configuring', () => provider.configure())
          const definition = provider.definition()
          name = `package "${definition.name}"`
          const loaded = { name: definition.name, definition, provider, npm, version: npm?.version ?? 'local' }
          this.packages.add(loaded)
          await this.#phase(name, 'configuring', () => applyPackage(this, loaded))
        }
        this.#providers.push({ label: name, instance })
      }
      for (const { label, instance } of this.#providers) await this.#phase(label, 'registering', () => instance.register())
      for (const { label, instance } of this.#providers) await this.#phase(label, 'booting', () => instance.boot())

      if (plan.routes) {
        await this.#mountAppRoutes()
        for (const loaded of this.packages.all()) {
          await mountPackageRoutes(this, loaded, this.providersConfig.packages?.[loaded.name]?.routes)
        }
        this.middleware.checkRoutes(this.routes.all())
      }
      if (plan.commands) await this.#loadAppCommands()
    })
    this.#booted = true
    setLatestApp(this)
    return this
  }

  /** Answers a request in-process (no socket): what the server and the test helpers call. */
  fetch = (request: Request): Promise<Response> => {
    return Promise.resolve(this.httpKernel().fetch(request))
  }

  /** Builds the HTTP kernel now, so a bad route or middleware fails the start, not a request. */
  httpKernel(): HttpKernel {
    if (!this.#loadRoutes) {
      throw appErrors.E_APP_ROUTES_NOT_LOADED()
    }
    // A production app without a usable key stops here, at its start, not at its first cookie.
    if (this.isProduction) void this.encrypter
    this.#kernel ??= buildHttpKernel(this)
    return this.#kernel
  }

  /** Encrypts and signs with the app key (APP_KEY, then APP_PREVIOUS_KEYS); see `encrypt()`. */
  get encrypter(): Encrypter {
    this.#encrypter ??= new Encrypter(resolveAppKeys(this))
    return this.#encrypter
  }

  /** The database, connected on first use from `config/database.ts` (SQLite in storage/ by default). */
  get database(): Database {
    this.#database ??= createDatabase(
      { url: 'sqlite:storage/database.sqlite', ...this.config.get<Record<string, unknown>>('database', {}) } as never,
      this.root,
    )
    return this.#database
  }

  /** The mailer: `app.mail.send({ to, subject, view, data })`, with the driver of `config/mail.ts`. */
  get mail(): Mailer {
    this.#mail ??= new Mailer(this)
    return this.#mail
  }

  /** Every migration source: Mortar's own (the sessions table), each package's, then the app's `databases/migrations/`. */
  async allMigrationSources(): Promise<MigrationSource[]> {
    return [mortarMigrationSource(), ...this.migrationSources, await appMigrationSource(this.root)]
  }

  /** The app's sessions (driver, cookie, lifetimes from `config/session.ts`); see `ctx.session`. */
  /**
   * The time (ms since the epoch) by the app's clock: sessions, rate limits and packages that
   * time things (a reset link's expiry) read it, so a test app's `travel()` moves them all.
   */
  now(): number {
    return Date.now() + this.#clockOffset
  }

  /** Moves the app's clock forward; for tests (`TestApp.travel()`). */
  travel(milliseconds: number): void {
    this.#clockOffset += milliseconds
  }

  /** The rate limiter: counts in the app's database or Redis, shared by every process. */
  get limiter(): RateLimiter {
    this.#limiter ??= new RateLimiter(this)
    return this.#limiter
  }

  get sessions(): SessionManager {
    this.#sessions ??= new SessionManager(this)
    return this.#sessions
  }

  /**
   * Adds a member to every request context, made on first use per request by `factory`: how a
   * package adds `ctx.auth`. Declare its type with declaration merging:
   *
   * @example
   * declare module 'mortar' {
   *   interface HttpContext { auth: Auth }
   * }
   * app.extendContext('auth', (ctx) => new Auth(ctx))   // in the package provider's register()
   */
  extendContext(name: string, factory: (ctx: HttpContext) => unknown): this {
    if (this.#contextMembers.has(name)) {
      throw httpErrors.E_CONTEXT_EXTENSION(`Two extensions add ctx.${name} to this application`, {
        hint: 'Each ctx member belongs to one package: remove one of them, or ask its author to rename it.',
      })
    }
    defineContextMember(name)
    this.#contextMembers.set(name, factory)
    return this
  }

  /** The factory `extendContext()` registered for a ctx member. */
  contextMember(name: string): ((ctx: HttpContext) => unknown) | undefined {
    return this.#contextMembers.get(name)
  }

  /**
   * Reports an error answered with a 5xx: to every `onError()` hook, then to the console (kept
   * in `reportedErrors` instead when testing).
   */
  reportError(error: unknown, ctx?: HttpContext): void {
    for (const hook of this.#errorHooks) {
      try {
        const pending = hook(error, ctx)
        if (pending && typeof pending.catch === 'function') pending.catch((hookError) => this.#logError(hookError))
      } catch (hookError) {
        this.#logError(hookError)
      }
    }
    if (this.isTesting) {
      this.reportedErrors.push(error)
      return
    }
    this.#logError(error)
  }

  /**
   * Adds a hook that hears of every error answered with a 5xx (with the request, when there is
   * one): where an app sends exceptions to its error tracker. A hook that throws is logged.
   *
   * @example
   * app.onError((error, ctx) => tracker.capture(error, { url: ctx?.url.href }))
   */
  onError(hook: ErrorHook): this {
    this.#errorHooks.push(hook)
    return this
  }

  #logError(error: unknown): void {
    // Mortar's own errors say what to do in one line; their stack would only bury it.
    if (isMortarError(error)) console.error(`error ${error.code} ${error.message}${error.hint ? ` — ${error.hint}` : ''}`)
    else console.error(error instanceof Error ? error.stack : error)
  }

  /** Runs providers' shutdown() in reverse order and closes the database. */
  async shutdown(): Promise<void> {
    for (const { label, instance } of [...this.#providers].reverse()) {
      await this.#phase(label, 'shutting down', () => instance.shutdown())
    }
    await this.#mail?.close()
    await this.#sessions?.close()
    await this.#limiter?.close()
    await this.#database?.destroy()
    this.#database = undefined
    forgetApp(this)
  }

  async #phase(label: string, phase: string, run: () => unknown): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const limit = phaseTimeoutMs()
    // The timer keeps the process alive on purpose: a provider awaiting a promise that never
    // settles holds no handle, and without it the process would exit silently (code 13).
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${limit} ms (set MORTAR_PROVIDER_TIMEOUT to change)`)), limit)
    })
    try {
      await Promise.race([Promise.resolve().then(run), timeout])
    } catch (error) {
      if (error instanceof MortarError && error.code !== 'E_PROVIDER_FAILED' && phase === 'configuring') {
        // A provider's own checks name its class; say which installed package it is as well.
        if (error.message.includes(label)) throw error
        throw new MortarError(error.code, `${error.message} (${label})`, { cause: error.cause, hint: error.hint })
      }
      // The cause's own advice (a missing binding, say) is still the advice.
      throw appErrors.E_PROVIDER_FAILED(label, phase, error)
    } finally {
      clearTimeout(timer)
    }
  }

  async #mountAppRoutes(): Promise<void> {
    const files: { name: string; prefix?: string; group: 'web' | 'api' }[] = [
      { name: 'web', group: 'web' },
      { name: 'api', prefix: '/api', group: 'api' },
    ]
    for (const { name, prefix, group } of files) {
      const file = ['ts', 'js']
        .map((extension) => join(this.root, APP_LAYOUT.routes, `${name}.${extension}`))
        .find((path) => existsSync(path))
      if (!file) continue
      const label = `routes/${name}.ts`
      let module: { default?: unknown }
      try {
        module = await this.importer.import(file)
      } catch (error) {
        throw httpErrors.E_ROUTE_INVALID(`Cannot load ${label}: ${errorSummary(error)}`, { cause: error })
      }
      this.routes.mount((module.default ?? []) as RouteItem[], { owner: 'app', file: label, prefix, middleware: [group] })
    }
  }

  async #loadAppCommands(): Promise<void> {
    const folder = join(this.root, APP_LAYOUT.commands)
    if (!existsSync(folder)) return
    for (const name of readdirSync(folder).sort()) {
      if (!/\.(ts|js|mts|mjs)$/.test(name) || name.endsWith('.d.ts')) continue
      let module: Record<string, unknown>
      try {
        module = await this.importer.import(join(folder, name))
      } catch (error) {
        throw consoleErrors.E_COMMAND_SIGNATURE(`Cannot load app/commands/${name}: ${errorSummary(error)}`, { cause: error })
      }
      for (const value of Object.values(module)) {
        if (isCommandClass(value)) this.commands.add(value, 'app')
      }
    }
  }
}

// The application fills the interfaces the lower modules declare for what they use of it, so
// that `ctx.app` and a command's `this.app` are the whole application, while http/ and console/
// do not import this module.
declare module '../http/context.js' {
  interface RequestApp extends Application {}
}
declare module '../console/command.js' {
  interface CommandApp extends Application {}
}

/** The folder `root` names, as a path or file URL. */
function rootPath(root: string | URL): string {
  return root instanceof URL || String(root).startsWith('file:') ? fileURLToPath(root) : String(root)
}

/** A class with a static `signature`: a command, from whichever copy of mortar. */
export function isCommandClass(value: unknown): value is CommandClass {
  return (
    typeof value === 'function' &&
    typeof (value as unknown as { signature?: unknown }).signature === 'string' &&
    (value as unknown as { signature: string }).signature !== ''
  )
}
