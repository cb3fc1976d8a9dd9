// The two SQLite drivers: node:sqlite where Node.js has it (22.16+), better-sqlite3 before, and
// the one-line errors when better-sqlite3 is there but was never built (npm 12 skipped its
// install script) or is not installed at all.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createDatabase, defaultSqliteDriver } from '../../src/database/index.js'
import { assertOneLineError } from '../support/assertions.js'
import { CREATE_MORTAR_BIN, craft, createTempApp, MORTAR, removeTempApp, WORKSPACE } from '../support/temp_app.js'

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
const NODE_HAS_SQLITE = major > 22 || (major === 22 && minor >= 16)
const FIX = 'npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3'

/** An app whose config asks for better-sqlite3, on any Node.js line. */
function useBetterSqlite(root: string): void {
  writeFileSync(
    join(root, 'config', 'database.ts'),
    "import { env } from 'mortar'\n\nexport default { url: env('DATABASE_URL', 'sqlite:storage/database.sqlite'), driver: 'better-sqlite3' }\n",
  )
}

describe('the SQLite driver', () => {
  let folder: string
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-sqlite-driver-'))
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it(`defaults to ${NODE_HAS_SQLITE ? 'node:sqlite' : 'better-sqlite3'} on Node.js ${process.versions.node}`, async () => {
    assert.equal(defaultSqliteDriver(), NODE_HAS_SQLITE ? 'node:sqlite' : 'better-sqlite3')
    const database = createDatabase({ url: `sqlite:${join(folder, 'default.sqlite')}` }, folder)
    try {
      await sql`create table notes (id integer primary key, body text)`.execute(database.kysely)
      const inserted = await database.kysely.insertInto('notes').values({ body: 'hello' }).returning('id').executeTakeFirstOrThrow()
      const row = await database.kysely.selectFrom('notes').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow()
      // Ordinary objects whatever the driver (node:sqlite's own rows have a null prototype).
      assert.deepEqual(row, { id: 1, body: 'hello' })
      assert.equal(Object.getPrototypeOf(row), Object.prototype)
    } finally {
      await database.destroy()
    }
  })

  it(
    NODE_HAS_SQLITE ? 'opens node:sqlite when asked' : 'refuses node:sqlite on a Node.js without it, naming the version needed',
    async () => {
      const database = createDatabase({ url: `sqlite:${join(folder, 'builtin.sqlite')}`, driver: 'node:sqlite' }, folder)
      try {
        if (NODE_HAS_SQLITE) {
          const { rows } = await sql<{ mode: string }>`pragma journal_mode`.execute(database.kysely)
          assert.deepEqual(rows, [{ journal_mode: 'wal' }])
        } else {
          await assert.rejects(sql`select 1`.execute(database.kysely), (error: Error & { code?: string }) => {
            assert.equal(error.code, 'E_DATABASE_CONFIG')
            assert.match(error.message, /node:sqlite driver needs Node\.js 22\.16/)
            return true
          })
        }
      } finally {
        await database.destroy()
      }
    },
  )
})

describe('better-sqlite3 without its native build', () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'unbuilt-sqlite' })
    useBetterSqlite(root)
    // What an install that skipped better-sqlite3's install script leaves: the package without build/.
    const installed = join(WORKSPACE, 'node_modules', 'better-sqlite3')
    cpSync(installed, join(root, 'node_modules', 'better-sqlite3'), {
      recursive: true,
      filter: (path) => !path.startsWith(join(installed, 'build')),
    })
    for (const name of ['bindings', 'file-uri-to-path']) {
      symlinkSync(join(WORKSPACE, 'node_modules', name), join(root, 'node_modules', name), 'dir')
    }
  })
  after(() => removeTempApp(root))

  for (const command of ['migrate', 'migrate:status', 'migrate:rollback', 'migrate:fresh']) {
    it(`craft ${command} says in one line that the install script did not run, and how to build it`, () => {
      const line = assertOneLineError(
        craft(root, [command]),
        'better-sqlite3 is installed but not built',
        'install script did not run',
        FIX,
      )
      assert.doesNotMatch(line, /Could not locate the bindings file|writable/)
    })
  }
})

describe('an app without better-sqlite3 that needs it', () => {
  let folder: string
  let root: string
  before(() => {
    // An app made on a Node.js with node:sqlite, then run where better-sqlite3 is needed: mortar
    // installed from its tarball (not linked to this workspace), better-sqlite3 nowhere.
    folder = mkdtempSync(join(tmpdir(), 'mortar-no-driver-'))
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], {
        cwd: MORTAR,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { filename: string }[]
    root = join(folder, 'app')
    execFileSync(
      process.execPath,
      [CREATE_MORTAR_BIN, root, '--mortar', join(folder, packed[0]?.filename as string), '--yes', '--no-install'],
      {
        stdio: 'pipe',
      },
    )
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    delete manifest.dependencies['better-sqlite3']
    writeFileSync(join(root, 'package.json'), JSON.stringify(manifest, null, 2))
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: root, stdio: 'pipe' })
    if (NODE_HAS_SQLITE) useBetterSqlite(root)
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it('craft migrate names the missing driver and the command that installs it', () => {
    // The app's own craft, from its node_modules (the workspace's would find the workspace's driver).
    const run = spawnSync(process.execPath, [join(root, 'node_modules', 'mortar', 'bin', 'craft.js'), 'migrate'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    assertOneLineError(
      { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr },
      'better-sqlite3 is not installed',
      NODE_HAS_SQLITE ? "driver: 'better-sqlite3'" : 'has no node:sqlite (it needs 22.16 or later)',
      'npm install better-sqlite3@^12.6.2',
    )
  })
})
