// Fixture packages with install recipes, packed with `npm pack` so that package:install installs
// them the way it installs a package from a registry; and a hash of an app's tree.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/** A package to pack: its npm name, version and files (provider.js is its provider). */
export interface RecipePackage {
  npmName: string
  version?: string
  files: Record<string, string>
}

/** Writes the package into `<into>/<npmName>-<version>/`, packs it there, and returns the tarball. */
export function pack(into: string, fixture: RecipePackage): string {
  const version = fixture.version ?? '1.0.0'
  const folder = join(into, `${fixture.npmName}-${version}`)
  const manifest = {
    name: fixture.npmName,
    version,
    type: 'module',
    mortar: { provider: './provider.js' },
    peerDependencies: { mortar: '*' },
  }
  const files = { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, ...fixture.files }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true })
    writeFileSync(join(folder, path), text)
  }
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: folder, encoding: 'utf8' })
  return join(into, (JSON.parse(output) as [{ filename: string }])[0].filename)
}

/** A provider module: `configure` is what follows `this.root(import.meta.url, '.')`; `body` adds methods. */
export function recipeProvider(configure: string, body = ''): string {
  return `import { PackageProvider, config } from 'mortar'
export default class FixtureProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.')${configure}
  }
${body}
}
`
}

/**
 * A hash of every file under the app (path and content), leaving out node_modules and
 * storage/framework: the runtime caches there (compiled files, the discovery and command
 * indexes) are rebuilt by any command and never committed.
 */
export function treeHash(root: string): string {
  const hash = createHash('sha256')
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name)
      const rel = relative(root, path)
      if (rel === 'node_modules' || rel === join('storage', 'framework')) continue
      if (entry.isDirectory()) {
        hash.update(`dir ${rel}\n`)
        walk(path)
      } else {
        hash.update(`file ${rel}\n`).update(readFileSync(path)).update('\n')
      }
    }
  }
  walk(root)
  return hash.digest('hex')
}

/** The list of files under the app (as treeHash sees them), for a readable failure. */
export function treeFiles(root: string): string[] {
  const files: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      const rel = relative(root, path)
      if (rel === 'node_modules' || rel === join('storage', 'framework')) continue
      if (entry.isDirectory()) {
        files.push(`${rel}/`)
        walk(path)
      } else files.push(`${rel} ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 8)}`)
    }
  }
  walk(root)
  return files.sort()
}
