import { relative, sep } from 'node:path'
import type { Application } from '../app/application.js'
import { loadConfigFile } from '../config/loader.js'
import type { CommandClass } from '../console/command.js'
import type { Container } from '../container/container.js'
import { errorSummary } from '../errors.js'
import { httpErrors } from '../http/errors.js'
import type { Middleware, MiddlewareRegistry } from '../http/middleware.js'
import type { MiddlewareReference } from '../http/route.js'
import { joinPaths } from '../http/route_table.js'
import type { ResourceTarget } from '../resources/kind.js'
import { declaredOf, kindRules, RESOURCE_KIND_NAMES } from '../resources/kinds.js'
import type { Importer } from '../support/import_file.js'
import type { DiscoveredPackage } from './discovery.js'
import { packageErrors } from './errors.js'
import type { PackageDefinition, PackageMiddleware, PackageProvider } from './package_provider.js'

/** A package loaded into an application. */
export interface LoadedPackage {
  name: string
  definition: PackageDefinition
  provider: PackageProvider
  /** npm facts when the package was installed from npm (discovered or listed by name). */
  npm?: DiscoveredPackage
  version: string
}

/** How the app mounts some of a package's routes: a path prefix, a name prefix, and middleware of the app's. */
export interface RouteMountOptions {
  /** Put before every path: `/news` makes `/blog` answer at `/news/blog`. */
  prefix?: string
  /** Put before every route name: `news.` makes `blog.index` `news.blog.index`. */
  name?: string
  /** The app's middleware (names or functions), run after the file's group (`web` or `api`) and before the routes' own. */
  middleware?: MiddlewareReference[]
}

/**
 * How the app mounts a package's routes (`config/providers.ts`, `packages.<name>.routes`): `false`
 * leaves them out; options apply to every route file, and a key naming one route file as the
 * package declares it (`'routes/admin.ts'`; `.ts` and `.js` match each other) adds options for
 * that file, or `false` to leave it out.
 *
 * @example
 * packages: { blog: { routes: { prefix: '/news', name: 'news.', 'routes/admin.ts': { middleware: ['auth'] } } } }
 */
export type RouteMount = false | (RouteMountOptions & { [file: `${string}/${string}` | `${string}.${string}`]: false | RouteMountOptions })

/** The packages of one application, by name. Two packages with one name is an error naming both. */
export class PackageRegistry {
  readonly #packages = new Map<string, LoadedPackage>()

  add(loaded: LoadedPackage): void {
    const other = this.#packages.get(loaded.name)
    if (other) {
      throw packageErrors.E_PACKAGE_NAME_TAKEN(loaded.name, packageOrigin(other), packageOrigin(loaded))
    }
    this.#packages.set(loaded.name, loaded)
  }

  get(name: string): LoadedPackage | undefined {
    return this.#packages.get(name)
  }

  /** The named package, or an error listing the installed ones. */
  require(name: string): LoadedPackage {
    const loaded = this.#packages.get(name)
    if (!loaded) {
      const names = this.names()
      throw packageErrors.E_PACKAGE_UNKNOWN(name, names)
    }
    return loaded
  }

  all(): LoadedPackage[] {
    return [...this.#packages.values()]
  }

  names(): string[] {
    return [...this.#packages.keys()]
  }
}

function packageOrigin(loaded: LoadedPackage): string {
  return loaded.npm ? `${loaded.npm.npmName} (${loaded.npm.root})` : `provider ${loaded.definition.provider} (${loaded.definition.root})`
}

/**
 * What `applyPackage()` wires a package into: the parts each resource kind uses (`ResourceTarget`),
 * and the controllers, commands, middleware and container. An `Application` is one.
 */
export interface PackageTarget extends ResourceTarget {
  readonly controllers: { add(source: string, folder: string): void }
  readonly commands: { add(command: CommandClass, source: string): void }
  readonly middleware: Pick<MiddlewareRegistry, 'alias' | 'group'>
  readonly container: Pick<Container, 'make'>
  /** Imports the package's config (and, in mountPackageRoutes, its route files) as the app imports its own. */
  readonly importer: Importer
}

/**
 * Puts a package's resources in place, before providers register: each resource kind as its rules
 * in `RESOURCE_KINDS` say (config defaults under the app's values, the view namespace with the
 * app's override folder, migrations, assets, messages), then its controller folders, commands and
 * middleware.
 */
export async function applyPackage(app: PackageTarget, loaded: LoadedPackage): Promise<void> {
  const { definition, name } = loaded
  const load = (file: string) => loadConfigFile(file, app.importer, `${relative(app.root, file)} of package "${name}"`)
  for (const kind of RESOURCE_KIND_NAMES) {
    const declared = declaredOf(definition, kind)
    if (declared) await kindRules(kind).wire(app, name, declared, load)
  }
  for (const folder of definition.controllers) app.controllers.add(name, folder)
  for (const command of definition.commands) app.commands.add(command, name)
  for (const [alias, middleware] of Object.entries(definition.middleware?.named ?? {})) {
    app.middleware.alias(alias, asMiddleware(app, middleware), { owner: name })
  }
  for (const [group, names] of Object.entries(definition.middleware?.groups ?? {})) app.middleware.group(group, names, name)
}

/** A package's middleware as a function: a class is built once, through the container, on first use. */
function asMiddleware(app: Pick<PackageTarget, 'container'>, middleware: PackageMiddleware): Middleware {
  if (!/^class[\s{]/.test(Function.prototype.toString.call(middleware))) return middleware as Middleware
  const Class = middleware as new () => { handle: Middleware }
  let instance: { handle: Middleware } | undefined
  const run: Middleware = (ctx, next) => {
    instance ??= app.container.make(Class)
    return instance.handle(ctx, next)
  }
  Object.defineProperty(run, 'name', { value: Class.name })
  return run
}

/**
 * Registers a package's route files, after every provider booted. The app decides the mount in
 * `config/providers.ts` (see `RouteMount`), without editing the package.
 */
export async function mountPackageRoutes(app: Application, loaded: LoadedPackage, mount: RouteMount | undefined): Promise<void> {
  if (mount === false) return
  const files = loaded.definition.routes.map((file) => ({ file, path: relative(loaded.definition.root, file).split(sep).join('/') }))
  const perFile = fileMounts(
    loaded,
    mount ?? {},
    files.map(({ path }) => path),
  )
  for (const { file, path } of files) {
    const own = perFile.get(path)
    if (own === false) continue
    const label = `${path} of package "${loaded.name}"`
    let module: { default?: unknown; group?: unknown }
    try {
      module = await app.importer.import(file)
    } catch (error) {
      throw httpErrors.E_ROUTE_INVALID(`Cannot load ${label}: ${errorSummary(error)}`, { cause: error })
    }
    const group = module.group === 'api' ? 'api' : 'web'
    const names = [mount?.name, own?.name].filter((name) => name !== undefined)
    app.routes.mount((module.default ?? []) as never, {
      owner: loaded.name,
      file: label,
      prefix: joinPaths(mount?.prefix ?? '', own?.prefix ?? ''),
      namePrefix: names.length ? names.join('') : undefined,
      middleware: [group, ...(mount?.middleware ?? []), ...(own?.middleware ?? [])],
    })
  }
}

const MOUNT_OPTIONS = new Set(['prefix', 'name', 'middleware'])

/** The per-file entries of a mount, by the route file they name; a key naming no file is an error listing the files. */
function fileMounts(loaded: LoadedPackage, mount: Exclude<RouteMount, false>, paths: string[]): Map<string, false | RouteMountOptions> {
  const result = new Map<string, false | RouteMountOptions>()
  const stem = (path: string) => path.replace(/^\.\//, '').replace(/\.(ts|js|mts|mjs)$/, '')
  for (const [key, value] of Object.entries(mount)) {
    if (MOUNT_OPTIONS.has(key)) continue
    const match = paths.find((path) => stem(path) === stem(key) || stem(path).endsWith(`/${stem(key)}`))
    if (!match) {
      throw httpErrors.E_ROUTE_INVALID(
        `config/providers.ts: packages.${loaded.name}.routes has "${key}", which is neither prefix, name, middleware nor a route file of package "${loaded.name}"`,
        { hint: `Its route files: ${paths.join(', ') || 'none'}.` },
      )
    }
    result.set(match, value as false | RouteMountOptions)
  }
  return result
}
