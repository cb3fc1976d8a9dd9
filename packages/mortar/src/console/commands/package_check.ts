import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { firstLine } from '../../config/loader.js'
import { isMortarError, MortarError } from '../../errors.js'
import { localImports } from '../../packages/module_graph.js'
import { isPackageProviderClass, type PackageDefinition } from '../../packages/package_provider.js'
import { registerTypeScript } from '../../support/import_file.js'
import { readJson } from '../../support/json_file.js'
import { isInside } from '../../support/paths.js'
import { Command } from '../command.js'

interface Manifest {
  name?: string
  version?: string
  private?: boolean
  keywords?: string[]
  files?: string[]
  exports?: unknown
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  publishConfig?: { registry?: string }
  mortar?: { provider?: string; source?: string }
}

/** What `package:check` found: each problem and warning is one line that says how to fix it. */
export interface PackageCheckReport {
  npmName?: string
  version?: string
  registry?: string
  passed: string[]
  warnings: string[]
  problems: string[]
}

/**
 * `craft package:check [path]`: run in a package before releasing it. Checks that the provider
 * loads and names the package validly, that every file it declares (every file of its view,
 * controller and asset folders too), every local file those modules import at any depth, and the
 * `mortar` and `exports` targets are in the tarball `npm pack` would make, and that the version is
 * not already on the registry npm is configured with. Prints one line per problem, with its fix,
 * and fails if there is any.
 */
export class PackageCheck extends Command {
  static override signature = 'package:check {path? : the package folder (default: the current folder)}'
  static override description = 'Check a package before release: its provider loads, its files are in the npm tarball, its version is new'

  async handle() {
    const report = await checkPackage(resolve(this.argument<string | undefined>('path') ?? '.'))
    for (const line of report.passed) this.line(`${this.paint('green', '✓')} ${line}`)
    for (const line of report.warnings) this.warn(`! ${line}`)
    for (const line of report.problems) this.error(`✗ ${line}`)
    const label = report.npmName ? `${report.npmName}@${report.version}` : 'the package'
    if (report.problems.length > 0) {
      const count = report.problems.length
      throw new MortarError('E_CHECK_FAILED', `package:check found ${count} problem${count === 1 ? '' : 's'} in ${label}`, {
        hint: 'fix each ✗ line above, then run craft package:check again.',
      })
    }
    this.info(`${label} is ready to publish to ${report.registry}`)
  }
}

/** Runs every check on the package in `folder`; never throws for a problem of the package. */
export async function checkPackage(folder: string): Promise<PackageCheckReport> {
  const report: PackageCheckReport = { passed: [], warnings: [], problems: [] }
  const manifest = readJson<Manifest>(join(folder, 'package.json'))
  if (!manifest) {
    report.problems.push(`${folder} has no readable package.json: run craft package:check in the package's folder`)
    return report
  }
  const root = realpathSync(folder)
  checkManifest(manifest, report)
  const definition = await loadDefinition(root, manifest, report)

  const packed = packedFiles(root, report)
  if (packed) {
    checkPacked(root, manifest, definition, packed, report)
    if (definition) await checkImports(root, manifest, definition, packed, report)
    checkRegistry(root, manifest, report)
  }
  return report
}

function checkManifest(manifest: Manifest, report: PackageCheckReport): void {
  const { name, version } = manifest
  report.npmName = name
  report.version = version
  if (typeof name !== 'string' || !/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    report.problems.push(
      `"name" in package.json (${JSON.stringify(name)}) is not a valid npm name: use lower-case letters, digits, - . _ ~, optionally @scope/`,
    )
  }
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) {
    report.problems.push(`"version" in package.json (${JSON.stringify(version)}) is not a semantic version: set it to one, e.g. "0.1.0"`)
  }
  if (manifest.private === true) report.problems.push('package.json says "private": true, so npm refuses to publish it: remove "private"')
  if (!manifest.mortar?.provider) {
    report.problems.push(
      'package.json has no "mortar": { "provider": … } field, so no app discovers the package: add "mortar": { "provider": "./dist/provider.js", "source": "./src/provider.ts" }',
    )
  }
  if (!manifest.keywords?.includes('mortar-package')) {
    report.warnings.push('add "mortar-package" to "keywords" in package.json, so people looking for Mortar packages on npm find it')
  }
  if (manifest.dependencies?.mortar) {
    report.warnings.push(
      '"mortar" is in "dependencies": move it to "peerDependencies" (and "devDependencies"), so an app uses its own mortar',
    )
  } else if (!manifest.peerDependencies?.mortar) {
    report.warnings.push(
      'add "mortar" to "peerDependencies" in package.json (e.g. ">=0.1.0"), so npm checks the app has a mortar the package works with',
    )
  }
}

/** Imports the built provider (or, before a build, its TypeScript source) and reads what it declares. */
async function loadDefinition(root: string, manifest: Manifest, report: PackageCheckReport): Promise<PackageDefinition | undefined> {
  const declared = [manifest.mortar?.provider, manifest.mortar?.source].filter((path): path is string => typeof path === 'string')
  const file = declared.map((path) => resolve(root, path)).find((path) => isInside(root, path) && existsSync(path))
  if (!file) return undefined
  const label = toPosix(relative(root, file))
  if (/\.[cm]?tsx?$/.test(file)) await registerTypeScript()
  let module: { default?: unknown }
  try {
    module = await import(pathToFileURL(file).href)
  } catch (error) {
    report.problems.push(
      `${label} cannot be imported (${firstLine(error)}): install the package's dependencies (npm install) and fix the error`,
    )
    return undefined
  }
  const providerClass = module.default
  if (!isPackageProviderClass(providerClass)) {
    report.problems.push(
      `${label} has no PackageProvider as its default export: write "export default class MyProvider extends PackageProvider { … }"`,
    )
    return undefined
  }
  try {
    // configure() only names the package and its files: no application is needed for that.
    const provider = new providerClass(undefined as never)
    await provider.configure()
    const definition = provider.definition()
    if (!isInside(root, definition.root)) {
      report.problems.push(
        `the provider's root ${definition.root} is outside the package: call this.root(import.meta.url, '..') from src/provider.ts`,
      )
      return undefined
    }
    const resources = ['config', 'views', 'migrations', 'routes', 'assets', 'translations', 'commands'].filter((kind) => {
      const value = definition[kind as keyof PackageDefinition]
      return Array.isArray(value) ? value.length > 0 : value !== undefined
    })
    report.passed.push(
      `${definition.provider} loads from ${label}: package "${definition.name}" (${resources.join(', ') || 'no resources'})`,
    )
    return definition
  } catch (error) {
    const hint = isMortarError(error) && error.hint ? ` ${error.hint}` : ''
    report.problems.push(`the provider in ${label} fails: ${isMortarError(error) ? error.message : firstLine(error)}.${hint}`)
    return undefined
  }
}

/** The paths `npm pack` would put in the tarball (scripts not run: this checks what is there now). */
function packedFiles(root: string, report: PackageCheckReport): Set<string> | undefined {
  const result = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root, 120_000)
  try {
    const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[]
    if (result.status === 0 && pack) return new Set(pack.files.map((file) => file.path))
  } catch {}
  report.problems.push(`npm pack --dry-run failed (${npmFailure(result)}): fix package.json until npm pack runs`)
  return undefined
}

function checkPacked(
  root: string,
  manifest: Manifest,
  definition: PackageDefinition | undefined,
  packed: Set<string>,
  report: PackageCheckReport,
): void {
  const missing = new Map<string, string[]>()
  const declared = definition ? declaredFiles(root, definition) : []
  for (const path of declared) {
    if (packed.has(path)) continue
    const top = path.split('/')[0] as string
    missing.set(top, [...(missing.get(top) ?? []), path])
  }
  for (const [top, paths] of missing) {
    const first = paths[0] as string
    const what =
      paths.length === 1 ? `${first} is` : `${first} and ${paths.length - 1} more file${paths.length === 2 ? '' : 's'} under ${top}/ are`
    report.problems.push(`${what} declared by the provider but not in the package tarball: ${filesFix(manifest, first)}`)
  }
  if (definition && missing.size === 0)
    report.passed.push(`the ${declared.length} files the provider declares are in the tarball (${packed.size} files)`)

  const targets: [string, string][] = []
  if (manifest.mortar?.provider) targets.push([manifest.mortar.provider, 'the "mortar.provider" of package.json'])
  for (const target of exportTargets(manifest.exports)) targets.push([target, 'in "exports" of package.json'])
  const seen = new Set<string>()
  for (const [target, where] of targets) {
    const path = toPosix(relative(root, resolve(root, target)))
    if (seen.has(path)) continue
    seen.add(path)
    if (path.startsWith('..')) report.problems.push(`${target} (${where}) is outside the package: point it at a file inside the package`)
    else if (!existsSync(join(root, path)))
      report.problems.push(`${path} (${where}) does not exist: build the package (npm run build), or fix the path`)
    else if (!packed.has(path)) report.problems.push(`${path} (${where}) is not in the package tarball: ${filesFix(manifest, path)}`)
  }
  // The source only serves a package linked into an app while developing: it need not be packed.
  const source = manifest.mortar?.source
  if (source && !existsSync(resolve(root, source))) {
    report.problems.push(`${source} (the "mortar.source" of package.json) does not exist: fix the path, or remove "source"`)
  }
}

/**
 * Every local file that a declared module (the provider, config, routes, controllers, migrations;
 * commands through the provider's imports) imports, at any depth, must be in the tarball too: an
 * app that installs the package would fail with "Cannot find module" the moment it loads one.
 */
async function checkImports(
  root: string,
  manifest: Manifest,
  definition: PackageDefinition,
  packed: Set<string>,
  report: PackageCheckReport,
): Promise<void> {
  const provider = manifest.mortar?.provider ? resolve(root, manifest.mortar.provider) : undefined
  // The modules an app loads; views and assets are read as files, not imported.
  const modules = [
    ...(provider && isInside(root, provider) && existsSync(provider) ? [provider] : []),
    ...(definition.config ? [definition.config.file] : []),
    ...definition.migrations,
    ...definition.routes,
    ...definition.controllers.flatMap((folder) => walk(folder)),
  ]
  const entries = [...new Set(modules)].filter((file) => MODULE.test(file) && !file.endsWith('.d.ts'))
  let graph: Awaited<ReturnType<typeof localImports>>
  try {
    graph = await localImports(root, entries)
  } catch (error) {
    report.problems.push(`a declared module does not compile (${firstLine(error)}): fix it`)
    return
  }
  const label = (file: string) => toPosix(relative(root, file))
  for (const { importer, specifier, outside } of graph.unresolved) {
    report.problems.push(
      outside
        ? `${label(importer)} imports "${specifier}", which is outside the package: move that file into the package and import it from there`
        : `${label(importer)} imports "${specifier}", which does not exist: create it, or fix the import`,
    )
  }
  // Declared files the tarball lacks were reported above, once per folder.
  const declared = new Set(declaredFiles(root, definition))
  const imported = [...graph.files].filter(([file]) => !declared.has(label(file)))
  let missing = 0
  for (const [file, importer] of imported) {
    const path = label(file)
    if (packed.has(path)) continue
    missing += 1
    report.problems.push(`${path} is imported by ${label(importer)} but not in the package tarball: ${filesFix(manifest, path)}`)
  }
  if (missing === 0 && imported.length > 0) {
    const count = imported.length
    report.passed.push(
      `the ${count} local file${count === 1 ? '' : 's'} the declared modules import ${count === 1 ? 'is' : 'are'} in the tarball`,
    )
  }
}

/** Files Node loads as modules. */
const MODULE = /\.[cm]?[jt]sx?$/

/** Whether this name@version is on the registry yet: a taken version is a problem, no answer a warning. */
function checkRegistry(root: string, manifest: Manifest, report: PackageCheckReport): void {
  const { name, version } = manifest
  const registry = registryFor(root, manifest)
  report.registry = registry
  if (!name || !version || !registry) return
  const result = npm(
    ['view', `${name}@${version}`, 'version', '--json', '--registry', registry, '--fetch-retries=0', '--fetch-timeout=15000'],
    root,
    30_000,
  )
  if (result.status === 0) {
    if (result.stdout.trim() === '') report.passed.push(`${name}@${version} is not on ${registry} yet`)
    else
      report.problems.push(
        `${name}@${version} is already on ${registry}: raise "version" in package.json (npm version patch) and note the change in CHANGELOG.md`,
      )
    return
  }
  if (errorCode(result.stdout) === 'E404') {
    report.passed.push(`${name} is not on ${registry} yet`)
    return
  }
  report.warnings.push(
    `could not ask ${registry} whether ${name}@${version} is taken (${npmFailure(result)}): npm publish will refuse it if it is`,
  )
}

/** The registry `npm publish` would use: publishConfig, the scope's registry, then npm's `registry`. */
function registryFor(root: string, manifest: Manifest): string | undefined {
  if (manifest.publishConfig?.registry) return manifest.publishConfig.registry
  const scope = manifest.name?.startsWith('@') ? manifest.name.split('/')[0] : undefined
  for (const key of [scope ? `${scope}:registry` : undefined, 'registry']) {
    if (!key) continue
    const value = npm(['config', 'get', key], root, 20_000).stdout.trim()
    if (/^https?:\/\//.test(value)) return value
  }
  return undefined
}

/** Every file a definition names, folders walked, as `/`-separated paths relative to the root. */
function declaredFiles(root: string, definition: PackageDefinition): string[] {
  const files = [
    ...(definition.config ? [definition.config.file] : []),
    ...(definition.views ? walk(definition.views.path) : []),
    ...definition.migrations,
    ...definition.controllers.flatMap((folder) => walk(folder)),
    ...definition.routes,
    ...(definition.assets ? walk(definition.assets.path) : []),
    ...(definition.translations ? walk(definition.translations.path) : []),
  ]
  return [...new Set(files.map((file) => toPosix(relative(root, file))))]
}

/** Files npm never packs, whatever "files" says: no use reporting them. */
const NEVER_PACKED = /^(\.DS_Store|\._.*|\.npmrc|npm-debug\.log|.*\.orig|\..*\.swp|\.git|node_modules)$/

function walk(folder: string): string[] {
  return readdirSync(folder)
    .filter((entry) => !NEVER_PACKED.test(entry))
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
}

/** How to get `path` into the tarball: name its folder in "files", or look for what leaves it out. */
function filesFix(manifest: Manifest, path: string): string {
  const top = path.split('/')[0] as string
  const files = Array.isArray(manifest.files) ? manifest.files : undefined
  const covered = files?.some((entry) => {
    const pattern = entry.replace(/^\.\//, '').replace(/\/(\*\*)?\/?$/, '')
    return pattern.includes('*') || path === pattern || path.startsWith(`${pattern}/`)
  })
  if (files && !covered) return `add "${top}" to "files" in package.json`
  return `npm leaves it out: check "files" in package.json and any .npmignore`
}

function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return exports.includes('*') ? [] : [exports]
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets)
  return []
}

interface NpmResult {
  status: number | null
  stdout: string
  stderr: string
  error?: Error
}

function npm(args: string[], cwd: string, timeout: number): NpmResult {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  })
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error }
}

function errorCode(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as { error?: { code?: string } }).error?.code
  } catch {
    return undefined
  }
}

/** One line on why npm failed: its JSON error summary, else the first error line it printed. */
function npmFailure(result: NpmResult): string {
  if (result.error) return result.error.message
  try {
    const summary = (JSON.parse(result.stdout) as { error?: { summary?: string; code?: string } }).error
    if (summary?.summary || summary?.code) return firstLine(summary.summary || summary.code)
  } catch {}
  const line = result.stderr.split('\n').find((text) => /npm (error|ERR!)/.test(text) && !/A complete log/.test(text))
  return line?.replace(/^npm (error|ERR!)\s*/, '').trim() || `exit code ${result.status}`
}

function toPosix(path: string): string {
  return path.split(sep).join('/')
}
