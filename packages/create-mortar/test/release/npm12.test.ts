// A new app installed by npm 12, which runs a dependency's install script only when the project's
// package.json lists it in allowScripts: npm 12.x from the registry's `npm` package, on Node 24
// from the registry's `node` package (npm 12 refuses Node 20). The app is made from the packed
// tarballs, as `npm create mortar` would make it; its install must say nothing about blocked
// scripts or engines, and its first `craft migrate` and `craft serve` must work.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  assertQuiet,
  lineEnv,
  type NodeLine,
  nodeLine,
  npmRelease,
  packWorkspaces,
  run,
  serveAndGet,
  type Tarballs,
} from '../../../../scripts/node-lines.ts'

describe('a new app installed with npm 12 on Node 24', () => {
  let folder: string
  let line: NodeLine
  let tarballs: Tarballs
  let env: NodeJS.ProcessEnv
  const app = () => join(folder, 'app')
  const craft = (args: string[]) => run('node', [join(app(), 'node_modules', 'mortar', 'bin', 'craft.js'), ...args], { cwd: app(), env })

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-npm12-'))
    line = nodeLine(24)
    env = lineEnv(line, { npmCli: npmRelease(12) })
    mkdirSync(join(folder, 'pack'))
    tarballs = packWorkspaces(join(folder, 'pack'))
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it('installs without a blocked script or an engine warning, then migrates and serves', async () => {
    const npmVersion = (await run('npm', ['--version'], { cwd: folder, env })).trim()
    assert.match(npmVersion, /^12\./)
    const install = await run(
      'npm',
      ['exec', '--yes', '--package', tarballs.createMortar, '--', 'create-mortar', app(), '--mortar', tarballs.mortar, '--yes'],
      { cwd: folder, env },
    )
    assertQuiet(install, `npm ${npmVersion} install`)
    const manifest = JSON.parse(readFileSync(join(app(), 'package.json'), 'utf8'))
    assert.deepEqual(manifest.allowScripts, { 'better-sqlite3': true, esbuild: true })
    // Node 24 has node:sqlite: nothing native to build for the database.
    assert.equal(manifest.dependencies['better-sqlite3'], undefined)

    const first = await craft(['migrate'])
    assertQuiet(first, 'craft migrate')
    assert.match(first, /migrated\s+mortar: create_sessions_table/)
    const status = await craft(['migrate:status'])
    assertQuiet(status, 'craft migrate:status')
    await serveAndGet(app(), env, ['/'])
  })
})
