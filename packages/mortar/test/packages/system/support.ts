// Helpers for the package-system tests: small fixture packages installed into a temp app, and
// snapshots of an app's file tree.
import { createHash } from 'node:crypto'
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/** A fixture package: its npm name, its files (provider.js is the provider), its dependencies. */
export interface FixturePackage {
  npmName: string
  version?: string
  files: Record<string, string>
  dependencies?: Record<string, string>
  /** The `mortar` field; default `{ provider: './provider.js' }`. */
  mortar?: Record<string, string>
}

/**
 * Writes a package into `<app>/packages/<npmName>/` and installs it the way `npm install
 * ./packages/<name>` does: a `file:` dependency in the app's package.json and a link in
 * node_modules. Its `import 'mortar'` resolves to the app's mortar. Returns the package folder.
 */
export function installFixture(app: string, fixture: FixturePackage): string {
  const folder = join(app, 'packages', fixture.npmName)
  rmSync(folder, { recursive: true, force: true })
  const manifest = {
    name: fixture.npmName,
    version: fixture.version ?? '1.0.0',
    type: 'module',
    mortar: fixture.mortar ?? { provider: './provider.js' },
    dependencies: fixture.dependencies ?? {},
  }
  writeTree(folder, { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, ...fixture.files })
  const link = join(app, 'node_modules', fixture.npmName)
  rmSync(link, { recursive: true, force: true })
  mkdirSync(dirname(link), { recursive: true })
  symlinkSync(relative(dirname(link), folder), link)
  editPackageJson(app, (json) => {
    json.dependencies = { ...json.dependencies, [fixture.npmName]: `file:packages/${fixture.npmName}` }
  })
  return folder
}

/** Undoes `installFixture` (link, dependency and folder). */
export function uninstallFixture(app: string, npmName: string): void {
  rmSync(join(app, 'node_modules', npmName), { force: true })
  rmSync(join(app, 'packages', npmName), { recursive: true, force: true })
  editPackageJson(app, (json) => {
    delete json.dependencies?.[npmName]
  })
}

function editPackageJson(app: string, edit: (json: { dependencies?: Record<string, string> }) => void): void {
  const file = join(app, 'package.json')
  const json = JSON.parse(readFileSync(file, 'utf8'))
  edit(json)
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`)
}

/** Writes files (relative path → contents) under `folder`. */
export function writeTree(folder: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true })
    writeFileSync(join(folder, path), contents)
  }
}

/** A provider module declaring `configure` (the body of `configure()`, after `this.root(import.meta.url, '.')`). */
export function provider(configure: string, imports = ''): string {
  return `import { PackageProvider } from 'mortar'
${imports}
export default class FixtureProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.')${configure}
  }
}
`
}

/** A route file of a fixture package. */
export function routesFile(body: string, group?: 'api'): string {
  return `import { Route } from 'mortar'
${group ? `export const group = '${group}'\n` : ''}export default [
${body}
]
`
}

/** A command class file of a fixture package, exporting `Cmd`. */
export function commandFile(signature: string, output: string): string {
  return `import { Command } from 'mortar'

export class Cmd extends Command {
  static signature = '${signature}'
  static description = 'A fixture command'
  handle() {
    this.info('${output}')
  }
}
`
}

/** Every file under `root` (node_modules left out) with its content hash and modification time. */
export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      const rel = relative(root, path)
      if (rel === 'node_modules') continue
      if (entry.isDirectory()) {
        files.set(`${rel}/`, String(statSync(path).mtimeMs))
        walk(path)
      } else if (entry.isSymbolicLink()) {
        files.set(rel, `link ${lstatSync(path).mtimeMs}`)
      } else {
        files.set(rel, `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${statSync(path).mtimeMs}`)
      }
    }
  }
  walk(root)
  return files
}

/** What differs between two snapshots: added, removed or changed paths. */
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = []
  for (const [path, stamp] of after) {
    if (!before.has(path)) changes.push(`added ${path}`)
    else if (before.get(path) !== stamp) changes.push(`changed ${path}`)
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push(`removed ${path}`)
  return changes
}
