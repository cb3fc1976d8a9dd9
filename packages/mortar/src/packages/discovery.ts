import { existsSync, realpathSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { APP_LAYOUT } from '../app/layout.js'
import { type Fingerprint, fingerprintMatches, takeFingerprint } from '../support/fingerprint.js'
import { writeFileAtomic } from '../support/fs.js'
import { readJson } from '../support/json_file.js'
import { isInside } from '../support/paths.js'
import { packageErrors } from './errors.js'

/** An installed npm package that declares a Mortar provider in its package.json. */
export interface DiscoveredPackage {
  /** The npm name, e.g. `mortar-blog`. */
  npmName: string
  version: string
  /** The package folder (real path: a linked package points at its own checkout). */
  root: string
  /** The compiled provider module (`mortar.provider`). */
  provider: string
  /** The TypeScript provider used in development when the package is linked (`mortar.source`). */
  source?: string
  /** True when the package lives outside any node_modules folder (npm link, file: or workspace). */
  linked: boolean
  /**
   * True when only the app's devDependencies lead to it: it is discovered in development and
   * test only, and a production boot never imports it.
   */
  dev?: boolean
}

interface PackageJson {
  name?: string
  version?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  mortar?: { provider?: string; source?: string }
}

interface DiscoveryCache {
  version: 2
  fingerprint: Fingerprint
  packages: DiscoveredPackage[]
}

/** Where the discovery cache lives (runtime state, not committed). */
export function discoveryCachePath(appRoot: string): string {
  return join(appRoot, APP_LAYOUT.framework, 'packages.json')
}

/**
 * The app's Mortar packages in dependency order (a package after those it depends on). Read from
 * the cache while the app's package.json, its lockfile, npm's install record and every
 * discovered package.json are unchanged; rebuilt otherwise, so installing or removing a package
 * never leaves a stale cache.
 */
export async function discoverPackages(appRoot: string, options: { cache?: boolean } = {}): Promise<DiscoveredPackage[]> {
  const cacheFile = discoveryCachePath(appRoot)
  if (options.cache !== false) {
    const cached = readJson<DiscoveryCache>(cacheFile)
    if (cached?.version === 2 && fingerprintMatches(cached.fingerprint, appRoot)) return cached.packages
  }
  return rebuildDiscoveryCache(appRoot)
}

/** Scans node_modules again and rewrites the cache (`craft package:discover`). */
export async function rebuildDiscoveryCache(appRoot: string): Promise<DiscoveredPackage[]> {
  const { packages, manifests } = scan(appRoot)
  const inputs = [
    join(appRoot, 'package.json'),
    join(appRoot, 'package-lock.json'),
    join(appRoot, 'node_modules', '.package-lock.json'),
    ...manifests,
  ]
  // node_modules itself too: deleting or adding a package's link by hand changes no manifest.
  const cache: DiscoveryCache = { version: 2, fingerprint: takeFingerprint(appRoot, inputs, [join(appRoot, 'node_modules')]), packages }
  if (existsSync(join(appRoot, APP_LAYOUT.storage))) {
    // A cache: rebuilt when lost, so not flushed to disk.
    await writeFileAtomic(discoveryCachePath(appRoot), `${JSON.stringify(cache, null, 2)}\n`, { flush: false })
  }
  return packages
}

function scan(appRoot: string): { packages: DiscoveredPackage[]; manifests: string[] } {
  const app = readJson<PackageJson>(join(appRoot, 'package.json')) ?? {}
  const ordered: DiscoveredPackage[] = []
  const manifests: string[] = []
  const visiting = new Set<string>()
  const done = new Set<string>()

  // Depth-first over dependencies: a Mortar package is added after the Mortar packages it needs.
  const visit = (name: string, from: string) => {
    if (done.has(name) || visiting.has(name)) return
    const folder = locate(name, from)
    if (!folder) return
    const manifestFile = join(folder, 'package.json')
    const manifest = readJson<PackageJson>(manifestFile)
    if (!manifest?.mortar?.provider) return
    visiting.add(name)
    const root = realpathSync.native(folder)
    for (const dependency of dependencyNames(manifest)) visit(dependency, root)
    visiting.delete(name)
    done.add(name)
    manifests.push(manifestFile)
    ordered.push(discoveredPackage(name, root, manifest))
  }
  for (const name of dependencyNames(app)) visit(name, appRoot)

  // What the app's production dependencies lead to (through the packages' own dependencies, not
  // their devDependencies); every other package came only through devDependencies.
  const production = new Set<string>()
  const reach = (name: string, from: string) => {
    if (production.has(name)) return
    const folder = locate(name, from)
    const manifest = folder ? readJson<PackageJson>(join(folder, 'package.json')) : undefined
    if (!folder || !manifest?.mortar?.provider) return
    production.add(name)
    for (const dependency of dependencyNames(manifest, { dev: false })) reach(dependency, realpathSync.native(folder))
  }
  for (const name of dependencyNames(app, { dev: false })) reach(name, appRoot)
  for (const pkg of ordered) if (!production.has(pkg.npmName)) pkg.dev = true
  return { packages: ordered, manifests }
}

function discoveredPackage(name: string, root: string, manifest: PackageJson): DiscoveredPackage {
  const declared = manifest.mortar as { provider: string; source?: string }
  const inside = (path: string) => {
    const absolute = resolve(root, path)
    if (!isInside(root, absolute)) {
      throw packageErrors.E_PACKAGE_PATH_ESCAPE(`Package ${name}: its "mortar" field points outside the package (${path})`)
    }
    return absolute
  }
  return {
    npmName: name,
    version: manifest.version ?? '0.0.0',
    root,
    provider: inside(declared.provider),
    source: declared.source ? inside(declared.source) : undefined,
    linked: !root.split(sep).includes('node_modules'),
  }
}

function dependencyNames(manifest: PackageJson, options: { dev?: boolean } = {}): string[] {
  return [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...(options.dev === false ? [] : Object.keys(manifest.devDependencies ?? {})),
  ]
}

/** Node's lookup: `<dir>/node_modules/<name>` from `from` upwards. */
function locate(name: string, from: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
