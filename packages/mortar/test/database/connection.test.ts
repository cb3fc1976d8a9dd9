import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createDatabase, parseDatabaseUrl, redactUrl } from '../../src/database/index.js'
import { exists } from '../../src/support/fs.js'
import { POSTGRES_URL } from './migrator_suite.js'

describe('database URLs', () => {
  it('reads the SQLite and PostgreSQL forms', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:storage/database.sqlite', '/srv/app'), {
      dialect: 'sqlite',
      path: '/srv/app/storage/database.sqlite',
    })
    assert.deepEqual(parseDatabaseUrl('sqlite:/var/db/app.sqlite', '/srv/app'), { dialect: 'sqlite', path: '/var/db/app.sqlite' })
    assert.deepEqual(parseDatabaseUrl('sqlite:///var/db/app.sqlite', '/srv/app'), { dialect: 'sqlite', path: '/var/db/app.sqlite' })
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:', '/srv/app'), { dialect: 'sqlite', path: ':memory:' })
    for (const url of ['postgres://u:p@db:5432/app', 'postgresql://db/app']) {
      assert.deepEqual(parseDatabaseUrl(url, '/srv/app'), { dialect: 'postgres', connectionString: url })
    }
  })

  it('rejects anything else, naming the URL without its password and the accepted forms', () => {
    for (const url of ['mysql://admin:s3cret@db/app', 'sqlite:', '', 'storage/database.sqlite']) {
      assert.throws(
        () => parseDatabaseUrl(url, '/srv/app'),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'E_DATABASE_CONFIG')
          assert.ok(!error.message.includes('s3cret'), error.message)
          assert.ok(error.message.includes('sqlite:<path>') && error.message.includes('postgres://'), error.message)
          return true
        },
      )
    }
    assert.equal(redactUrl('postgres://admin:s3cret@db:5432/app'), 'postgres://admin:***@db:5432/app')
    assert.equal(redactUrl('postgres://db/app'), 'postgres://db/app')
  })

  it('rejects a PostgreSQL schema name that is not a plain identifier', () => {
    assert.throws(() => createDatabase({ url: POSTGRES_URL, schema: 'x"; drop' }, '/'), { code: 'E_DATABASE_CONFIG' })
  })
})

describe('SQLite connection', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'mortar-db-'))
  })
  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('creates nothing until the first query, then the folder, in WAL mode with foreign keys and a busy timeout', async () => {
    const database = createDatabase({ url: 'sqlite:storage/nested/database.sqlite' }, root)
    assert.equal(database.dialect, 'sqlite')
    assert.equal(await exists(join(root, 'storage')), false)
    try {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(database.kysely)).rows[0] as object)[0]
      assert.equal(await pragma('journal_mode'), 'wal')
      assert.equal(await pragma('foreign_keys'), 1)
      assert.equal(await pragma('busy_timeout'), 10_000)
      assert.equal(await exists(join(root, 'storage/nested/database.sqlite')), true)
    } finally {
      await database.destroy()
    }
  })

  it('reports a database it cannot open as E_DATABASE_CONFIG naming the path', async () => {
    const blocker = join(root, 'a-file')
    await writeFile(blocker, '')
    const database = createDatabase({ url: `sqlite:${blocker}/database.sqlite` }, root)
    try {
      await assert.rejects(sql`select 1`.execute(database.kysely), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_DATABASE_CONFIG')
        assert.ok(error.message.includes(`${blocker}/database.sqlite`), error.message)
        return true
      })
    } finally {
      await database.destroy()
    }
  })
})

describe('PostgreSQL connection', () => {
  it('does not connect until the first query', async () => {
    const database = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/nowhere' }, '/')
    assert.equal(database.dialect, 'postgres')
    await database.destroy()
  })

  it('creates the schema and keeps every pooled connection in it', async () => {
    const schema = `mortar_test_${randomBytes(6).toString('hex')}`
    const database = createDatabase({ url: POSTGRES_URL, schema, pool: { max: 3 } }, '/')
    try {
      // Several connections at once: each must get the search_path, not only the first.
      const schemas = await Promise.all(
        [1, 2, 3].map(async () => {
          const { rows } = await sql<{ schema: string }>`select current_schema() as schema, pg_sleep(0.05)`.execute(database.kysely)
          return rows[0]?.schema
        }),
      )
      assert.deepEqual(schemas, [schema, schema, schema])
    } finally {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.kysely)
      await database.destroy()
    }
  })
})
