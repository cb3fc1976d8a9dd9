import { realpathSync, statSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Provider } from '../app/provider.js'
import type { CommandClass } from '../console/command.js'
import type { Middleware } from '../http/middleware.js'
import { type InstallOptions, type InstallRecipe, recipeProblem } from '../installing/install_recipe.js'
import { type KindDeclarations, RESOURCE_KIND_NAMES, RESOURCE_KINDS, type ResourceKindName } from '../resources/kinds.js'
import { isInside } from '../support/paths.js'
import { packageErrors } from './errors.js'
import { validatePackageName } from './package_name.js'

/** A resource a package can publish into an application: one of the kinds of `RESOURCE_KINDS`. */
export type ResourceKind = ResourceKindName

/**
 * What a package's `configure()` declared; paths are absolute and checked to be inside the root.
 * Each resource kind (`config`, `views`, `migrations`, `assets`, `translations`) has the shape
 * its entry of `RESOURCE_KINDS` gives it.
 */
export interface PackageDefinition extends KindDeclarations {
  name: string
  root: string
  provider: string
  controllers: string[]
  routes: string[]
  commands: CommandClass[]
  /** Named middleware the package offers the app, and the names it appends to groups. */
  middleware?: PackageMiddlewareDeclaration
  /** Resources published by `craft package:install` (config by default). */
  installPublishes: ResourceKind[]
  installNotes?: string
  /** The rest of the install recipe: env, stubs, migrate and requires (see docs/packages/install.md). */
  installRecipe?: InstallRecipe
}

/**
 * A middleware a package names: a function `(ctx, next)`, or a class whose `handle(ctx, next)`
 * runs it (built once through the container, so it can take bindings).
 */
export type PackageMiddleware = Middleware | (new () => { handle: Middleware })

/** What `.middleware()` declared: named middleware, and the names appended to each group. */
export interface PackageMiddlewareDeclaration {
  named: Record<string, PackageMiddleware>
  groups: Record<string, string[]>
}

const MARKER = Symbol.for('mortar.PackageProvider')

/** True for a PackageProvider class, also one from another copy of mortar. */
export function isPackageProviderClass(value: unknown): value is typeof PackageProvider {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[MARKER] === true
}

/**
 * The provider of a package: one fluent `configure()` declares everything the package adds to an
 * application. Each call is checked when it is made: a missing file, a path that leaves the
 * package root (links included) or a bad name is an error naming the package and the path.
 *
 * @example
 * export default class BlogProvider extends PackageProvider {
 *   configure() {
 *     this.root(import.meta.url, '..')
 *       .name('blog')
 *       .config('config/blog.ts', { publish: true })
 *       .views('templates', { publish: true })
 *       .migrations('migrations/create_posts_table.ts')
 *       .controllers('controllers')
 *       .routes('routes/web.ts', 'routes/api.ts')
 *       .assets('assets')
 *       .commands(ImportPosts)
 *   }
 * }
 */
export class PackageProvider extends Provider {
  #root?: string
  #definition?: Partial<PackageDefinition> &
    Pick<PackageDefinition, 'migrations' | 'controllers' | 'routes' | 'commands'> & { middleware: PackageMiddlewareDeclaration }

  /** Declares the package's resources. Called by the application before `register()`. */
  configure(): void {}

  /** A package's `craft about` lines go under its name. */
  protected override aboutSection(): string {
    return this.#definition?.name ?? super.aboutSection()
  }

  /** The declarations, after `configure()`; checked to be complete. */
  definition(): PackageDefinition {
    const definition = this.#draft()
    if (!this.#root) throw this.#error('E_PACKAGE_PROVIDER_INVALID', 'configure() must call this.root(import.meta.url, ...) first')
    if (!definition.name) throw this.#error('E_PACKAGE_PROVIDER_INVALID', 'configure() must call .name("…") to name the package')
    return { installPublishes: ['config'], ...definition, root: this.#root, provider: this.constructor.name } as PackageDefinition
  }

  /** The package root, relative to the file calling it: `this.root(import.meta.url, '..')`. */
  protected root(fileUrl: string, relativePath = '.'): this {
    const from = fileUrl.startsWith('file:') ? dirname(fileURLToPath(fileUrl)) : fileUrl
    const root = resolve(from, relativePath)
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
      throw this.#error('E_PACKAGE_RESOURCE_MISSING', `root folder ${root} does not exist`)
    }
    this.#root = realpathSync.native(root)
    return this
  }

  /** How the app refers to the package: `config('blog.x')`, `view('blog:x')`, `/vendor/blog/`. */
  protected name(name: string): this {
    this.#draft().name = validatePackageName(name, `Package provider ${this.constructor.name}`)
    return this
  }

  /** The package's config defaults, read as `config('<name>.key')`; publishable to `config/<name>.ts`. */
  protected config(path: string, options: { publish?: boolean } = {}): this {
    return this.#declare('config', [path], options)
  }

  /** The folder of the package's views, rendered as `view('<name>:path.to.view')`. */
  protected views(path: string, options: { publish?: boolean } = {}): this {
    return this.#declare('views', [path], options)
  }

  /** Migration files, run in this order by `craft migrate` and recorded as the package's. */
  protected migrations(...paths: string[]): this {
    return this.#declare('migrations', paths)
  }

  /** A folder where the package's `'Name@method'` route handlers are found. */
  protected controllers(path: string): this {
    this.#draft().controllers.push(this.#inside(path, 'folder'))
    return this
  }

  /**
   * Route files, registered at boot. A file's routes are in the `web` group unless the file
   * says `export const group = 'api'`.
   */
  protected routes(...paths: string[]): this {
    this.#draft().routes.push(...paths.map((path) => this.#inside(path, 'file')))
    return this
  }

  /** A folder served at `/vendor/<name>/`; publishable to `public/vendor/<name>/`. */
  protected assets(path: string, options: { publish?: boolean } = {}): this {
    return this.#declare('assets', [path], options)
  }

  /**
   * A folder of messages, `<locale>/<file>.json`, read as `t('<name>:<file>.<key>')`; the app
   * overrides them key by key in `lang/vendor/<name>/`, and can publish them there.
   */
  protected translations(path: string, options: { publish?: boolean } = {}): this {
    return this.#declare('translations', [path], options)
  }

  /** Command classes, run as `craft <name>`. */
  protected commands(...commands: CommandClass[]): this {
    for (const command of commands) {
      if (typeof command !== 'function' || typeof command.signature !== 'string') {
        throw this.#error('E_PACKAGE_PROVIDER_INVALID', '.commands() takes Command classes with a static signature')
      }
    }
    this.#draft().commands.push(...commands)
    return this
  }

  /**
   * Names middleware the app can use on its routes (`Route.post(…).middleware('honeypot')`), and
   * optionally appends some of them to middleware groups. A name another package (or the app)
   * registers too stops the start, naming both.
   *
   * @example
   * .middleware({ honeypot: HoneypotMiddleware }, { groups: { web: ['honeypot'] } })
   */
  protected middleware(named: Record<string, PackageMiddleware>, options: { groups?: Record<string, string[]> } = {}): this {
    const draft = this.#draft().middleware
    for (const [name, middleware] of Object.entries(named ?? {})) {
      if (!/^[a-z][\w.-]*$/i.test(name)) {
        throw this.#error('E_PACKAGE_PROVIDER_INVALID', `.middleware() name "${name}" must be a word (letters, digits, _ . -)`)
      }
      if (typeof middleware !== 'function') {
        throw this.#error(
          'E_PACKAGE_PROVIDER_INVALID',
          `.middleware() "${name}" must be a function (ctx, next) or a class with handle(ctx, next)`,
        )
      }
      draft.named[name] = middleware
    }
    for (const [group, names] of Object.entries(options.groups ?? {})) {
      const unknown = (Array.isArray(names) ? names : [names]).filter(
        (name) => typeof name !== 'string' || !Object.hasOwn(draft.named, name),
      )
      if (!Array.isArray(names) || unknown.length) {
        throw this.#error(
          'E_PACKAGE_PROVIDER_INVALID',
          `.middleware() groups.${group} must list names this package declares (${Object.keys(draft.named).join(', ') || 'none'}), not ${unknown.map(String).join(', ')}`,
        )
      }
      draft.groups[group] = [...(draft.groups[group] ?? []), ...names]
    }
    return this
  }

  /**
   * What `craft package:install` does to the app, each step idempotent and undone by
   * `craft package:remove`: env variables, published resources (the config by default), stubs
   * copied once into the app, whether to run migrations, other packages installed first, and
   * notes printed at the end. See docs/packages/install.md.
   */
  protected install(options: InstallOptions): this {
    const unknown = (options.publish ?? []).filter((kind) => !RESOURCE_KIND_NAMES.includes(kind))
    if (unknown.length) {
      throw this.#error(
        'E_PACKAGE_PROVIDER_INVALID',
        `.install() cannot publish ${unknown.join(', ')}: choose from ${RESOURCE_KIND_NAMES.join(', ')}`,
      )
    }
    const problem = recipeProblem(options)
    if (problem) throw this.#error('E_PACKAGE_PROVIDER_INVALID', `.install() ${problem}`)
    if (options.publish) this.#draft().installPublishes = options.publish
    if (options.notes !== undefined) this.#draft().installNotes = options.notes
    const stubs = Object.entries(options.stubs ?? {}).map(([source, destination]) => ({
      source: this.#inside(source, 'file'),
      destination,
    }))
    this.#draft().installRecipe = {
      env: { ...options.env },
      stubs,
      migrate: options.migrate ?? 'ask',
      requires: [...(options.requires ?? [])],
    }
    return this
  }

  #draft() {
    this.#definition ??= { migrations: [], controllers: [], routes: [], commands: [], middleware: { named: {}, groups: {} } }
    return this.#definition
  }

  /** Records a resource kind's declaration, its paths checked as the kind's rules say. */
  #declare(kind: ResourceKindName, paths: string[], options: { publish?: boolean } = {}): this {
    const rules = RESOURCE_KINDS[kind]
    const checked = paths.map((path) => this.#inside(path, rules.declares === 'folder' ? 'folder' : 'file'))
    const draft = this.#draft() as Record<string, unknown>
    draft[kind] = (rules.declare as (paths: string[], options: { publish?: boolean }, earlier: unknown) => unknown)(
      checked,
      options,
      draft[kind],
    )
    return this
  }

  #inside(path: string, kind: 'file' | 'folder'): string {
    if (!this.#root) throw this.#error('E_PACKAGE_PROVIDER_INVALID', `call this.root(import.meta.url, ...) before declaring "${path}"`)
    if (typeof path !== 'string' || path === '' || isAbsolute(path) || path.includes('\0')) {
      throw this.#error('E_PACKAGE_PATH_ESCAPE', `resource path ${JSON.stringify(path)} must be relative to the package root`)
    }
    const absolute = resolve(this.#root, path)
    if (!isInside(this.#root, absolute)) {
      throw this.#error('E_PACKAGE_PATH_ESCAPE', `resource path "${path}" leaves the package root`)
    }
    let real: string
    try {
      // The native realpath is one system call; the JavaScript one is one per path segment, and
      // this runs for every resource of every package at each start.
      real = realpathSync.native(absolute)
    } catch {
      throw this.#error(
        'E_PACKAGE_RESOURCE_MISSING',
        `${kind} "${path}" does not exist in ${this.#root}`,
        'Create it, or fix the path in configure().',
      )
    }
    if (!isInside(this.#root, real)) {
      throw this.#error('E_PACKAGE_PATH_ESCAPE', `resource path "${path}" is a link to ${real}, outside the package root`)
    }
    const isFolder = statSync(real).isDirectory()
    if (isFolder !== (kind === 'folder')) {
      throw this.#error('E_PACKAGE_RESOURCE_MISSING', `"${path}" must be a ${kind}`)
    }
    return real
  }

  #error(code: 'E_PACKAGE_PATH_ESCAPE' | 'E_PACKAGE_RESOURCE_MISSING' | 'E_PACKAGE_PROVIDER_INVALID', message: string, hint?: string) {
    const who = this.#definition?.name ? `Package "${this.#definition.name}"` : `Package provider ${this.constructor.name}`
    return packageErrors[code](`${who}: ${message}`, { hint })
  }
}

Object.defineProperty(PackageProvider, MARKER, { value: true })
