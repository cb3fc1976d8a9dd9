// What a new project asks npm to install and to run: install scripts approved for npm 12
// (`allowScripts`, read only at a project's root), and better-sqlite3 only where Node.js has no
// `node:sqlite` (before 22.16). create-mortar runs here on the machine's Node.js and on Node 24
// from the registry's `node` package, so both answers are checked whatever the machine runs.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { nodeLine } from '../../../scripts/node-lines.ts'
import { assertSucceeded, CREATE_MORTAR_BIN, MORTAR, run } from './support/run.js'

const ALLOW_SCRIPTS = { 'better-sqlite3': true, esbuild: true }
const ENGINES = '^20.19.0 || ^22.16.0 || ^24.0.0 || >=26.0.0'

const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8'))

function hasNodeSqlite(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > 22 || (major === 22 && minor >= 16)
}

describe('create-mortar: install scripts and the SQLite driver', () => {
  let folder: string
  const lines: { label: string; node: string; version: string }[] = []
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-install-policy-'))
    const node24 = nodeLine(24)
    lines.push({ label: 'this Node.js', node: process.execPath, version: process.versions.node })
    lines.push({ label: 'Node 24', node: join(node24.bin, 'node'), version: node24.version })
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it('gives an app and a package (and its test app) allowScripts, engines, and better-sqlite3 only without node:sqlite', async () => {
    for (const [index, line] of lines.entries()) {
      const app = join(folder, `app-${index}`)
      const pkg = join(folder, `pkg-${index}`)
      const create = (target: string, flags: string[]) =>
        run(line.node, [CREATE_MORTAR_BIN, target, '--mortar', '0.1.0', '--yes', '--no-install', ...flags], {
          cwd: folder,
          timeout: 30_000,
        })
      assertSucceeded(await create(app, []), `create-mortar app on ${line.label}`)
      assertSucceeded(await create(pkg, ['--template', 'package']), `create-mortar package on ${line.label}`)

      const expected = hasNodeSqlite(line.version) ? undefined : '^12.6.2'
      const appManifest = manifest(join(app, 'package.json'))
      const pkgManifest = manifest(join(pkg, 'package.json'))
      const testApp = manifest(join(pkg, 'tests', 'integrations', 'package.json'))
      for (const [what, json] of [
        ['app', appManifest],
        ['package', pkgManifest],
        ['package test app', testApp],
      ]) {
        assert.deepEqual(json.allowScripts, ALLOW_SCRIPTS, `${what} on ${line.label}`)
        assert.equal(json.engines.node, ENGINES, `${what} on ${line.label}`)
      }
      assert.equal(appManifest.dependencies['better-sqlite3'], expected, `app on ${line.label} (${line.version})`)
      assert.equal(testApp.dependencies['better-sqlite3'], expected, `package test app on ${line.label}`)
      assert.equal(pkgManifest.devDependencies['better-sqlite3'], expected, `package on ${line.label}`)
      assert.equal(appManifest.dependencies.mortar, '0.1.0')
    }
  })

  it('adds no better-sqlite3 for a mortar linked from a checkout, whose workspace builds its own', async () => {
    const app = join(folder, 'linked')
    assertSucceeded(
      await run(process.execPath, [CREATE_MORTAR_BIN, app, '--mortar', MORTAR, '--yes', '--no-install'], { cwd: folder, timeout: 30_000 }),
      'create-mortar',
    )
    assert.deepEqual(Object.keys(manifest(join(app, 'package.json')).dependencies), ['mortar'])
  })
})
