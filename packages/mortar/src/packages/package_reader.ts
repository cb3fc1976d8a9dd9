import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Application } from '../app/application.js'
import { appErrors } from '../app/errors.js'
import { readJson } from '../support/json_file.js'
import { packageErrors } from './errors.js'
import { isPackageProviderClass, type PackageProvider } from './package_provider.js'
import type { LoadedPackage } from './package_registry.js'

/**
 * Reading a package's declarations (its install recipe above all) from its folder, without
 * booting the app: install must know a package's recipe before the app can boot with it, and
 * `--dry` must know it without installing anything.
 */

interface Manifest {
  name?: string
  version?: string
  mortar?: { provider?: string }
}

/** The package in `folder`: its provider is imported and configured, never registered or booted. */
export async function readPackage(app: Application, folder: string): Promise<LoadedPackage> {
  const manifest = readJson<Manifest>(join(folder, 'package.json'))
  const npmName = manifest?.name ?? folder
  if (!manifest?.mortar?.provider) {
    throw packageErrors.E_PACKAGE_PROVIDER_INVALID(
      `npm package ${npmName} declares no Mortar provider (no "mortar" field in its package.json)`,
      {
        hint: 'Check the name: a Mortar package has "mortar": { "provider": "./dist/provider.js" } in its package.json.',
      },
    )
  }
  const file = join(folder, manifest.mortar.provider)
  let providerClass: unknown
  try {
    providerClass = (await app.importer.import<{ default?: unknown }>(file)).default
  } catch (error) {
    throw appErrors.E_PROVIDER_FAILED(`of package ${npmName}`, 'loading', error)
  }
  if (!isPackageProviderClass(providerClass)) {
    throw packageErrors.E_PACKAGE_PROVIDER_INVALID(`npm package ${npmName}: ${file} does not export a PackageProvider class by default`)
  }
  const provider = new (providerClass as unknown as new (app: Application) => PackageProvider)(app)
  provider.configure()
  const definition = provider.definition()
  const version = manifest.version ?? '0.0.0'
  const root = realpathSync.native(folder)
  return { name: definition.name, definition, provider, version, npm: { npmName, version, root, provider: file, linked: false } }
}

/** The npm name a spec installs, read without installing it (undefined when it cannot be told). */
export function specName(root: string, spec: string): string | undefined {
  const path = resolve(root, spec)
  if (existsSync(path) && statSync(path).isDirectory()) return readJson<Manifest>(join(path, 'package.json'))?.name
  if (existsSync(path) && /\.t(ar\.)?gz$/.test(path)) {
    try {
      return (JSON.parse(execFileSync('tar', ['-xOzf', path, 'package/package.json'], { encoding: 'utf8' })) as Manifest).name
    } catch {
      return undefined
    }
  }
  if (/^(\.|\/|[a-z]+:)/i.test(spec)) return undefined
  return /^(@[^/@]+\/[^@]+|[^@]+)(@.*)?$/.exec(spec)?.[1]
}

/**
 * Puts the package a spec names into `scratch/node_modules/<name>` without touching the app (a
 * tarball or folder is read as it is; anything else is fetched with `npm pack`), beside links to
 * the app's own node_modules so that its `import 'mortar'` resolves. Returns its folder.
 */
export function fetchPackage(root: string, spec: string, scratch: string): string {
  const modules = join(scratch, 'node_modules')
  if (!existsSync(modules)) linkAppModules(root, modules)
  const path = resolve(root, spec)
  if (existsSync(path) && statSync(path).isDirectory()) return path
  let tarball = path
  if (!(existsSync(path) && /\.t(ar\.)?gz$/.test(path))) {
    const output = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', scratch], { cwd: scratch, encoding: 'utf8' })
    tarball = join(scratch, (JSON.parse(output) as [{ filename: string }])[0].filename)
  }
  const unpacked = join(scratch, `unpacked-${readdirSync(scratch).length}`)
  mkdirSync(unpacked)
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked])
  const name = readJson<Manifest>(join(unpacked, 'package', 'package.json'))?.name ?? `package-${readdirSync(scratch).length}`
  const folder = join(modules, name)
  mkdirSync(join(folder, '..'), { recursive: true })
  // The app's copy (linked above) gives way to the version asked for.
  rmSync(folder, { recursive: true, force: true })
  renameSync(join(unpacked, 'package'), folder)
  return folder
}

function linkAppModules(root: string, modules: string): void {
  mkdirSync(modules, { recursive: true })
  const appModules = join(root, 'node_modules')
  if (!existsSync(appModules)) return
  for (const entry of readdirSync(appModules)) {
    if (entry.startsWith('.')) continue
    if (entry.startsWith('@')) {
      mkdirSync(join(modules, entry))
      for (const scoped of readdirSync(join(appModules, entry))) symlinkSync(join(appModules, entry, scoped), join(modules, entry, scoped))
    } else symlinkSync(join(appModules, entry), join(modules, entry))
  }
}
