// `create-mortar <dir>` (the app template): a new app declares typescript and @types/node and a
// `typecheck` script, and `npm run typecheck` passes on it, tests/welcome.test.ts included. The
// app is not npm-installed here (the journey test does a full install): its node_modules links
// the workspace's mortar and the same typescript and @types/node versions the app declares.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertSucceeded, CREATE_MORTAR_BIN, MORTAR, run, WORKSPACE } from './support/run.js'

interface Manifest {
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

const readManifest = (folder: string): Manifest => JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))

describe('create-mortar (app template)', { timeout: 180_000 }, () => {
  let folder: string
  let app: string
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-scaffold-app-'))
    app = join(folder, 'my-app')
    const created = await run(process.execPath, [CREATE_MORTAR_BIN, app, '--mortar', MORTAR, '--yes', '--no-install'], {
      cwd: folder,
      timeout: 30_000,
    })
    assertSucceeded(created, 'create-mortar')
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it('declares typescript, @types/node and a typecheck script, in the versions this workspace checks with', () => {
    const manifest = readManifest(app)
    const workspace = readManifest(WORKSPACE)
    assert.equal(manifest.scripts?.typecheck, 'tsc -p tsconfig.json')
    assert.equal(manifest.devDependencies?.typescript, workspace.devDependencies?.typescript)
    assert.equal(manifest.devDependencies?.['@types/node'], workspace.devDependencies?.['@types/node'])
  })

  it('passes `npm run typecheck`, its tests included, and fails it without @types/node', async () => {
    const modules = join(app, 'node_modules')
    mkdirSync(join(modules, '@types'), { recursive: true })
    mkdirSync(join(modules, '.bin'))
    symlinkSync(MORTAR, join(modules, 'mortar'), 'dir')
    symlinkSync(join(WORKSPACE, 'node_modules', 'kysely'), join(modules, 'kysely'), 'dir')
    symlinkSync(join(WORKSPACE, 'node_modules', 'typescript'), join(modules, 'typescript'), 'dir')
    symlinkSync(join('..', 'typescript', 'bin', 'tsc'), join(modules, '.bin', 'tsc'))
    symlinkSync(join(WORKSPACE, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'), 'dir')

    assertSucceeded(await run('npm', ['run', 'typecheck'], { cwd: app, timeout: 120_000 }), 'npm run typecheck')

    // Without @types/node, as a new app was before it declared it: node:test has no types.
    rmSync(join(modules, '@types', 'node'))
    const without = await run('npm', ['run', 'typecheck'], { cwd: app, timeout: 120_000 })
    assert.notEqual(without.code, 0)
    assert.match(without.stdout + without.stderr, /tests\/welcome\.test\.ts.*node:test/)
  })
})
