import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Environment } from '../config/environment.js'
import { configErrors } from '../config/errors.js'
import { errorSummary } from '../errors.js'
import { type DiscoveredPackage, discoverPackages } from '../packages/discovery.js'
import { packageErrors } from '../packages/errors.js'
import type { RouteMount } from '../packages/package_registry.js'
import type { Importer } from '../support/import_file.js'
import { readJson } from '../support/json_file.js'
import { appErrors } from './errors.js'
import { APP_LAYOUT } from './layout.js'
import type { ProviderClass } from './provider.js'

/**
 * An entry of `config/providers.ts`: a lazy import (`() => import('./providers/app_provider.js')`),
 * a provider class, or the npm name of a package whose package.json declares its provider.
 */
export type ProviderEntry = (() => Promise<unknown>) | ProviderClass | string

/** The shape of `config/providers.ts`. */
export interface ProvidersConfig {
  /** Run first, in this order. */
  providers?: ProviderEntry[]
  /** npm names of installed packages not to discover; `'*'` turns discovery off. */
  dontDiscover?: string[]
  /** Per package name: how to mount its routes (`{ prefix, name }`), or `false` to leave them out. */
  packages?: Record<string, { routes?: RouteMount }>
}

/** A provider class to run, with what the error messages call it. */
export interface ResolvedProvider {
  label: string
  providerClass: ProviderClass
  npm?: DiscoveredPackage
}

/** Reads `config/providers.ts` (a missing file means no providers of the app's own). */
export async function loadProvidersConfig(root: string, importer: Importer): Promise<ProvidersConfig> {
  const file = ['providers.ts', 'providers.js'].map((name) => join(root, APP_LAYOUT.config, name)).find((path) => existsSync(path))
  if (!file) return {}
  let module: { default?: unknown }
  try {
    module = await importer.import(file)
  } catch (error) {
    throw configErrors.E_CONFIG_LOAD(`Cannot load config/providers.ts: ${errorSummary(error)}`, { cause: error })
  }
  const value = module.default
  if (Array.isArray(value)) return { providers: value as ProviderEntry[] }
  if (value && typeof value === 'object') return value as ProvidersConfig
  throw configErrors.E_CONFIG_LOAD('Cannot load config/providers.ts: its default export must be { providers: [...] }')
}

/**
 * The providers to run: those listed in `config/providers.ts` in order, then every discovered
 * package (dependency order) not listed already and not in `dontDiscover`.
 */
export async function resolveProviders(
  root: string,
  config: ProvidersConfig,
  options: { environment: Environment; importer: Importer },
): Promise<ResolvedProvider[]> {
  // Dev-only packages (reached only through devDependencies) load in development and test; a
  // production boot never imports them, and `npm ci --omit=dev` may not have installed them.
  const withDev = options.environment !== 'production'
  const all = await discoverPackages(root)
  const byNpmName = new Map(all.map((pkg) => [pkg.npmName, pkg]))
  const discovered = all.filter((pkg) => withDev || !pkg.dev)
  const resolved: ResolvedProvider[] = []
  const seen = new Set<unknown>()
  const push = (provider: ResolvedProvider) => {
    if (seen.has(provider.providerClass)) return
    seen.add(provider.providerClass)
    resolved.push(provider)
  }

  for (const [index, entry] of (config.providers ?? []).entries()) {
    if (typeof entry === 'string') {
      const pkg = byNpmName.get(entry) ?? locateByName(root, entry)
      // Not installed at all is how `npm ci --omit=dev` leaves a devDependency.
      if (!withDev && (pkg?.dev ?? (pkg === undefined && isDevDependency(root, entry)))) continue
      push(await importPackageProvider(pkg, entry, withDev, options.importer))
    } else if (isClass(entry)) {
      push({ label: entry.name, providerClass: entry })
    } else if (typeof entry === 'function') {
      const label = `config/providers.ts entry ${index + 1}`
      const module = await guard(label, () => (entry as () => Promise<unknown>)())
      const providerClass = defaultClass(module, label)
      push({ label: providerClass.name, providerClass })
    } else {
      throw appErrors.E_PROVIDER_INVALID(`config/providers.ts entry ${index + 1} is not a provider`, {
        hint: "List lazy imports: () => import('./providers/app_provider.js'), or npm package names.",
      })
    }
  }
  const excluded = new Set(config.dontDiscover ?? [])
  for (const pkg of discovered) {
    if (excluded.has('*') || excluded.has(pkg.npmName)) continue
    push(await importPackageProvider(pkg, pkg.npmName, withDev, options.importer))
  }
  return resolved
}

async function importPackageProvider(
  pkg: DiscoveredPackage | undefined,
  name: string,
  fromSource: boolean,
  importer: Importer,
): Promise<ResolvedProvider> {
  if (!pkg) {
    throw packageErrors.E_PACKAGE_PROVIDER_INVALID(`config/providers.ts lists "${name}", which is not installed or declares no provider`, {
      hint: `Install it (craft package:install ${name}) or remove it from config/providers.ts.`,
    })
  }
  // A linked package outside production runs from its TypeScript source: edits show without a build.
  const useSource = fromSource && pkg.linked && pkg.source !== undefined && existsSync(pkg.source)
  const file = useSource ? (pkg.source as string) : pkg.provider
  const label = `package ${pkg.npmName}`
  if (!existsSync(file)) {
    throw packageErrors.E_PACKAGE_PROVIDER_INVALID(`${label}: its provider ${file} does not exist`, {
      hint: pkg.linked
        ? 'Build the package (npm run build), or declare "mortar": { "source": "./src/provider.ts" }.'
        : 'Reinstall the package.',
    })
  }
  const module = await guard(label, () => importer.import(file))
  return { label, providerClass: defaultClass(module, label), npm: pkg }
}

/** True when the app's package.json lists `name` in devDependencies and not in dependencies. */
function isDevDependency(root: string, name: string): boolean {
  const manifest = readJson<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(join(root, 'package.json'))
  return manifest?.devDependencies?.[name] !== undefined && manifest.dependencies?.[name] === undefined
}

function locateByName(root: string, name: string): DiscoveredPackage | undefined {
  const folder = join(root, 'node_modules', name)
  const manifest = readJson<{ version?: string; mortar?: { provider?: string; source?: string } }>(join(folder, 'package.json'))
  if (!manifest?.mortar?.provider) return undefined
  return {
    npmName: name,
    version: manifest.version ?? '0.0.0',
    root: folder,
    provider: join(folder, manifest.mortar.provider),
    linked: false,
  }
}

async function guard<T>(label: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    throw appErrors.E_PROVIDER_FAILED(label, 'loading', error)
  }
}

function defaultClass(module: unknown, label: string): ProviderClass {
  const value = (module as { default?: unknown })?.default
  if (!isClass(value)) {
    throw appErrors.E_PROVIDER_INVALID(`Provider ${label}: the module's default export is not a provider class`, {
      hint: 'Write `export default class MyProvider extends Provider { … }`.',
    })
  }
  return value
}

function isClass(value: unknown): value is ProviderClass {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value))
}
