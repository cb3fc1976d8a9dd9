// The repository as users' tools see it: `npm ci` accepts the lockfile (every workspace's
// dependencies, each platform's optional packages included), `npm pack --workspaces` packs every
// workspace, npm 12 may run the install scripts the workspace needs, and `engines` names the same
// Node.js lines everywhere, as the docs and CI do.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { WORKSPACE } from '../support/run.js'

const ENGINES = '^20.19.0 || ^22.16.0 || ^24.0.0 || >=26.0.0'
const manifest = (path: string) => JSON.parse(readFileSync(join(WORKSPACE, path, 'package.json'), 'utf8'))

describe('the repository', () => {
  it('has a lockfile npm ci accepts', () => {
    // --dry-run checks the lockfile against every package.json without touching node_modules.
    const result = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: WORKSPACE,
      encoding: 'utf8',
      timeout: 120_000,
    })
    assert.equal(result.status, 0, `npm ci --dry-run failed:\n${result.stderr}`)
  })

  it('packs every workspace with npm pack --workspaces', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--workspaces', '--dry-run', '--json'], {
        cwd: WORKSPACE,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { name: string; version: string }[]
    // Every workspace the root package.json lists.
    const expected = (manifest('.').workspaces as string[]).map((path) => {
      const { name, version } = manifest(path)
      return `${name}@${version}`
    })
    assert.deepEqual(packed.map(({ name, version }) => `${name}@${version}`).sort(), expected.sort())
  })

  it('lets npm 12 run the install scripts of better-sqlite3 and esbuild', () => {
    assert.deepEqual(manifest('.').allowScripts, { 'better-sqlite3': true, esbuild: true })
  })

  it('names the same Node.js lines in every engines field, the app template and the docs', () => {
    for (const path of ['.', 'packages/mortar', 'packages/create-mortar', 'packages/create-mortar/templates/app']) {
      assert.equal(manifest(path).engines.node, ENGINES, path)
    }
    const gettingStarted = readFileSync(join(WORKSPACE, 'docs', 'getting-started.md'), 'utf8').replace(/\s+/g, ' ')
    assert.ok(gettingStarted.includes(ENGINES), 'docs/getting-started.md names the engines range')
    const ci = readFileSync(join(WORKSPACE, '.ci', 'run'), 'utf8')
    assert.match(ci, /^npm ci\b/m)
    assert.match(ci, /scripts\/node-lines\.ts --lines 22,24,26/)
  })
})
