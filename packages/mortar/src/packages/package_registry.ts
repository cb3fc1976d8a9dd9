import { join, relative, sep } from 'node:path'
import type { Application } from '../app/application.js'
import { firstLine, loadConfigFile } from '../config/loader.js'
import { MortarError } from '../errors.js'
import { importFile } from '../support/import_file.js'
import type { DiscoveredPackage } from './discovery.js'
import type { PackageDefinition, PackageProvider } from './package_provider.js'

/** A package loaded into an application. */
export interface LoadedPackage {
  name: string
  definition: PackageDefinition
  provider: PackageProvider
  /** npm facts when the package was installed from npm (discovered or listed by name). */
  npm?: DiscoveredPackage
  version: string
}

/** How the app mounts a package's routes: under a prefix, with a name prefix, or not at all. */
export type RouteMount = false | { prefix?: string; name?: string }

/** The packages of one application, by name. Two packages with one name is an error naming both. */
export class PackageRegistry {
  readonly #packages = new Map<string, LoadedPackage>()

  add(loaded: LoadedPackage): void {
    const other = this.#packages.get(loaded.name)
    if (other) {
      throw new MortarError(
        'E_PACKAGE_NAME_TAKEN',
        `Package name "${loaded.name}" is declared by ${describe(other)} and by ${describe(loaded)}`,
        { hint: 'Two packages cannot share a name: remove one, or ask its author to rename it.' },
      )
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
      throw new MortarError('E_PACKAGE_UNKNOWN', `No package named "${name}" is installed`, {
        hint: names.length
          ? `Installed packages: ${names.join(', ')}`
          : 'This app has no packages. Install one with `craft package:install <npm-name>`.',
      })
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

function describe(loaded: LoadedPackage): string {
  return loaded.npm ? `${loaded.npm.npmName} (${loaded.npm.root})` : `provider ${loaded.definition.provider} (${loaded.definition.root})`
}

/**
 * Puts a package's resources in place, before providers register: its config defaults under the
 * app's values, its view namespace with the app's override folder, its migrations, controller
 * folders, assets and commands.
 */
export async function applyPackage(app: Application, loaded: LoadedPackage): Promise<void> {
  const { definition, name } = loaded
  if (definition.config) {
    const label = `${relative(app.root, definition.config.file)} of package "${name}"`
    app.config.defaults(name, await loadConfigFile(definition.config.file, label))
  }
  if (definition.views) app.views.namespace(name, definition.views.path, join(app.templatesPath, 'vendor', name))
  if (definition.migrations.length) app.migrationSources.push({ name, files: definition.migrations })
  for (const folder of definition.controllers) app.controllers.add(name, folder)
  if (definition.assets) app.assets.set(name, definition.assets.path)
  if (definition.translations) app.translator.namespace(name, definition.translations.path, join(app.root, 'lang', 'vendor', name))
  for (const command of definition.commands) app.commands.add(command, name)
}

/**
 * Registers a package's route files, after every provider booted. The app decides the mount in
 * `config/providers.ts` (`packages: { blog: { routes: { prefix: '/blog' } } }`, or
 * `routes: false`), without editing the package.
 */
export async function mountPackageRoutes(app: Application, loaded: LoadedPackage, mount: RouteMount | undefined): Promise<void> {
  if (mount === false) return
  for (const file of loaded.definition.routes) {
    const label = `${relative(loaded.definition.root, file).split(sep).join('/')} of package "${loaded.name}"`
    let module: { default?: unknown; group?: unknown }
    try {
      module = await importFile(file)
    } catch (error) {
      throw new MortarError('E_ROUTE_INVALID', `Cannot load ${label}: ${firstLine(error)}`, { cause: error })
    }
    const group = module.group === 'api' ? 'api' : 'web'
    app.routes.mount((module.default ?? []) as never, {
      source: loaded.name,
      file: label,
      prefix: mount?.prefix,
      namePrefix: mount?.name,
      middleware: [group],
    })
  }
}
