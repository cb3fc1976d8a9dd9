import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import {
  appMigrationSource,
  createDatabase,
  type Database,
  type DatabaseConfig,
  type Dialect,
  type MigrationSource,
  Migrator,
  publishedMigrationHeader,
} from '../../src/database/index.js'
import { writeFileAtomic } from '../../src/support/fs.js'

/** The PostgreSQL server the suite runs against (trust auth on these machines and in CI). */
export const POSTGRES_URL = process.env.MORTAR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * The SQLite driver the suite runs on: this Node.js's default, or the one MORTAR_TEST_SQLITE_DRIVER
 * names (`node:sqlite` or `better-sqlite3`), so that both can be held to the same suite.
 */
const SQLITE_DRIVER = process.env.MORTAR_TEST_SQLITE_DRIVER as DatabaseConfig['driver']

const FIXTURE = fileURLToPath(new URL('./fixtures/migrate.mjs', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/** A temp app folder and a fresh database (a SQLite file, or a PostgreSQL schema of its own). */
export interface Harness {
  root: string
  config: DatabaseConfig
  database: Database
  /** Writes a file under the app root and returns its absolute path. */
  write(path: string, contents: string): Promise<string>
  tables(): Promise<string[]>
  ledger(): Promise<string[]>
  migrator(...packages: MigrationSource[]): Promise<Migrator>
  close(): Promise<void>
}

/** Opens a harness for `dialect`; `close()` drops the schema and deletes the folder. */
export async function openHarness(dialect: Dialect): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'mortar-db-'))
  // Apps are ESM; without this tsx would compile the migrations in the temp folder as CommonJS.
  await writeFileAtomic(join(root, 'package.json'), '{ "type": "module" }\n')
  const schema = `mortar_test_${randomBytes(6).toString('hex')}`
  const config: DatabaseConfig =
    dialect === 'sqlite' ? { url: 'sqlite:storage/database.sqlite', driver: SQLITE_DRIVER } : { url: POSTGRES_URL, schema }
  const database = createDatabase(config, root)
  return {
    root,
    config,
    database,
    async write(path, contents) {
      const file = join(root, path)
      await writeFileAtomic(file, contents)
      return file
    },
    async tables() {
      const query =
        dialect === 'sqlite'
          ? sql<{
              name: string
            }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`
          : sql<{
              name: string
            }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by name`
      return (await query.execute(database.kysely)).rows.map((row) => row.name)
    },
    async ledger() {
      const rows = await database.kysely.selectFrom('mortar_migrations').select(['source', 'name', 'batch']).orderBy('id').execute()
      return rows.map((row) => `${row.batch} ${row.source}/${row.name}`)
    },
    async migrator(...packages) {
      return new Migrator(database, [...packages, await appMigrationSource(root)])
    },
    async close() {
      if (dialect === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.kysely)
      await database.destroy()
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** A migration creating `table`; `fail` makes up() throw after creating it. */
export function tableMigration(table: string, options: { fail?: boolean; delayMs?: number; columns?: string[] } = {}): string {
  const columns = (options.columns ?? []).map((column) => `.addColumn('${column}', 'varchar(255)')`).join('')
  return [
    "import type { Kysely } from 'kysely'",
    'export async function up(db: Kysely<any>) {',
    options.delayMs ? `  await new Promise((resolve) => setTimeout(resolve, ${options.delayMs}))` : '',
    `  await db.schema.createTable('${table}').addColumn('id', 'integer', (c) => c.primaryKey())${columns}.execute()`,
    options.fail ? `  throw new Error('boom in ${table}')` : '',
    '}',
    'export async function down(db: Kysely<any>) {',
    `  await db.schema.dropTable('${table}').execute()`,
    '}',
    '',
  ].join('\n')
}

function summary(results: { direction: string; source: string; name: string }[]): string[] {
  return results.map((result) => `${result.direction} ${result.source}/${result.name}`)
}

/**
 * The migration suite every dialect must pass.
 *
 * @example
 * migratorSuite('sqlite')
 */
export function migratorSuite(dialect: Dialect): void {
  describe(`migrator on ${dialect}`, () => {
    let h: Harness
    beforeEach(async () => {
      h = await openHarness(dialect)
    })
    afterEach(async () => {
      await h.close()
    })

    const blogSource = async (...names: string[]): Promise<MigrationSource> => ({
      name: 'blog',
      files: await Promise.all(names.map((name) => h.write(`vendor/blog/migrations/${name}.ts`, tableMigration(`blog_${name}`)))),
    })

    it('runs packages then the app as one batch, and reports each migration in status', async () => {
      await h.write('databases/migrations/2026_01_01_000000_create_users.ts', tableMigration('users'))
      await h.write('databases/migrations/2026_01_02_000000_create_posts.ts', tableMigration('posts'))
      await h.write('databases/migrations/notes.md', 'not a migration')
      const blog = await blogSource('tags')
      const migrator = await h.migrator(blog)

      const pending = await migrator.status()
      assert.deepEqual(
        pending.map((line) => `${line.state} ${line.source}/${line.name}`),
        ['pending blog/tags', 'pending app/2026_01_01_000000_create_users', 'pending app/2026_01_02_000000_create_posts'],
      )

      const results = await migrator.migrate()
      assert.deepEqual(summary(results), ['up blog/tags', 'up app/2026_01_01_000000_create_users', 'up app/2026_01_02_000000_create_posts'])
      assert.ok(results.every((result) => result.status === 'applied' && result.warning === undefined))
      assert.equal(results[0]?.file, blog.files[0])
      assert.deepEqual(await h.tables(), ['blog_tags', 'mortar_migrations', 'posts', 'users'])

      const status = await migrator.status()
      assert.deepEqual(
        status.map((line) => `${line.state} ${line.batch} ${line.source}/${line.name}`),
        ['applied 1 blog/tags', 'applied 1 app/2026_01_01_000000_create_users', 'applied 1 app/2026_01_02_000000_create_posts'],
      )
      assert.ok(status.every((line) => line.migratedAt instanceof Date && !Number.isNaN(line.migratedAt.getTime())))

      assert.deepEqual(await migrator.migrate(), [])
      await h.write('databases/migrations/2026_01_03_000000_create_likes.ts', tableMigration('likes'))
      assert.deepEqual(summary(await (await h.migrator(blog)).migrate()), ['up app/2026_01_03_000000_create_likes'])
      assert.deepEqual((await h.ledger()).at(-1), '2 app/2026_01_03_000000_create_likes')
    })

    it('rolls back the last batch, newest first', async () => {
      await h.write('databases/migrations/001_users.ts', tableMigration('users'))
      await (await h.migrator()).migrate()
      await h.write('databases/migrations/002_posts.ts', tableMigration('posts'))
      await h.write('databases/migrations/003_comments.ts', tableMigration('comments'))
      const migrator = await h.migrator()
      await migrator.migrate()

      const results = await migrator.rollback()
      assert.deepEqual(summary(results), ['down app/003_comments', 'down app/002_posts'])
      assert.ok(results.every((result) => result.status === 'rolled-back'))
      assert.deepEqual(await h.tables(), ['mortar_migrations', 'users'])
      assert.deepEqual(await h.ledger(), ['1 app/001_users'])
      assert.deepEqual(
        (await migrator.status()).map((line) => `${line.state} ${line.name}`),
        ['applied 001_users', 'pending 002_posts', 'pending 003_comments'],
      )
    })

    it('rolls back several batches with steps', async () => {
      for (const [index, table] of ['users', 'posts', 'comments'].entries()) {
        await h.write(`databases/migrations/00${index + 1}_${table}.ts`, tableMigration(table))
        await (await h.migrator()).migrate()
      }
      const migrator = await h.migrator()
      assert.deepEqual(summary(await migrator.rollback({ steps: 2 })), ['down app/003_comments', 'down app/002_posts'])
      assert.deepEqual(await h.ledger(), ['1 app/001_users'])
      assert.deepEqual(summary(await migrator.rollback({ steps: 5 })), ['down app/001_users'])
      assert.deepEqual(await migrator.rollback(), [])
      await assert.rejects(migrator.rollback({ steps: 0 }), { code: 'E_MIGRATION_STEPS_INVALID' })
    })

    it("rolls back one source's migrations across batches, leaving the others", async () => {
      await h.write('databases/migrations/001_users.ts', tableMigration('users'))
      await (await h.migrator(await blogSource('posts'))).migrate()
      await h.write('databases/migrations/002_avatars.ts', tableMigration('avatars'))
      const migrator = await h.migrator(await blogSource('posts', 'tags'))
      await migrator.migrate()
      assert.deepEqual(await h.ledger(), ['1 blog/posts', '1 app/001_users', '2 blog/tags', '2 app/002_avatars'])

      await assert.rejects(migrator.rollback({ source: 'shop' }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_MIGRATION_SOURCE_UNKNOWN')
        assert.match(error.message, /"shop".*app, blog|"shop".*blog, app/)
        return true
      })
      assert.deepEqual(summary(await migrator.rollback({ source: 'blog' })), ['down blog/tags', 'down blog/posts'])
      assert.deepEqual(await h.tables(), ['avatars', 'mortar_migrations', 'users'])
      assert.deepEqual(await h.ledger(), ['1 app/001_users', '2 app/002_avatars'])
      assert.deepEqual(await migrator.rollback({ source: 'blog' }), [])
    })

    it('rolls back the whole batch when a migration fails, leaving schema and ledger as they were', async () => {
      await h.write('databases/migrations/001_users.ts', tableMigration('users'))
      await (await h.migrator()).migrate()
      await h.database.kysely.insertInto('users').values({ id: 7 }).execute()
      const tablesBefore = await h.tables()
      const ledgerBefore = await h.ledger()

      await h.write('databases/migrations/002_posts.ts', tableMigration('posts'))
      const failing = await h.write('databases/migrations/003_comments.ts', tableMigration('comments', { fail: true }))
      await h.write('databases/migrations/004_likes.ts', tableMigration('likes'))
      await assert.rejects((await h.migrator()).migrate(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_MIGRATION_FAILED')
        assert.ok(error.message.includes('"003_comments" of app'), error.message)
        assert.ok(error.message.includes(failing), error.message)
        assert.ok(error.message.includes('boom in comments'), error.message)
        return true
      })
      assert.deepEqual(await h.tables(), tablesBefore)
      assert.deepEqual(await h.ledger(), ledgerBefore)
      assert.deepEqual(await h.database.kysely.selectFrom('users').select('id').execute(), [{ id: 7 }])
    })

    it('lets three migrator processes at once apply each migration exactly once', async () => {
      await h.write('databases/migrations/001_users.ts', tableMigration('users', { delayMs: 200 }))
      await h.write('databases/migrations/002_posts.ts', tableMigration('posts'))
      await h.write('databases/migrations/003_comments.ts', tableMigration('comments'))
      const argument = JSON.stringify({ ...h.config, root: h.root })
      const children = [0, 1, 2].map(() => startProcess(argument))
      await Promise.all(children.map((child) => child.ready))
      for (const child of children) child.process.stdin?.end('go\n')
      const outputs = await Promise.all(children.map((child) => child.done))

      const results = outputs.map(
        (output) => JSON.parse(output.trim().split('\n').at(-1) as string) as { direction: string; source: string; name: string }[],
      )
      const lengths = results.map((result) => result.length).sort()
      assert.deepEqual(lengths, [0, 0, 3])
      assert.deepEqual(summary(results.flat()), ['up app/001_users', 'up app/002_posts', 'up app/003_comments'])
      assert.deepEqual(await h.ledger(), ['1 app/001_users', '1 app/002_posts', '1 app/003_comments'])
    })

    it("runs a published copy once, as the package's migration, whichever is seen first", async () => {
      const blog = await blogSource('posts', 'tags')
      await h.write(
        'databases/migrations/2026_01_05_000000_posts.ts',
        `${publishedMigrationHeader('blog', 'migrations/posts.ts')}\n${tableMigration('blog_posts', { columns: ['title'] })}`,
      )
      await h.write(
        'databases/migrations/2026_01_06_000000_orders.ts',
        `${publishedMigrationHeader('shop', 'migrations/orders.ts')}\n${tableMigration('shop_orders')}`,
      )
      await h.write('databases/migrations/2026_01_07_000000_users.ts', tableMigration('users'))
      const migrator = await h.migrator(blog)

      const status = await migrator.status()
      assert.deepEqual(
        status.map((line) => `${line.source}/${line.name}${line.published ? ' (published)' : ''}`),
        ['blog/posts (published)', 'blog/tags', 'shop/orders (published)', 'app/2026_01_07_000000_users'],
      )
      const results = await migrator.migrate()
      assert.deepEqual(summary(results), ['up blog/posts', 'up blog/tags', 'up shop/orders', 'up app/2026_01_07_000000_users'])
      assert.equal(results[0]?.file, join(h.root, 'databases/migrations/2026_01_05_000000_posts.ts'))
      // The app's copy ran, not the package's: it added a column.
      await h.database.kysely.insertInto('blog_posts').values({ id: 1, title: 'Hello' }).execute()
      assert.deepEqual(await h.ledger(), ['1 blog/posts', '1 blog/tags', '1 shop/orders', '1 app/2026_01_07_000000_users'])

      // The other way round: the package's original ran first, then its migration is published.
      await h.write(
        'databases/migrations/2026_01_08_000000_tags.ts',
        `${publishedMigrationHeader('blog', 'migrations/tags.ts')}\n${tableMigration('blog_tags')}`,
      )
      const republished = await h.migrator(blog)
      assert.deepEqual(await republished.migrate(), [])
      assert.equal((await republished.status()).find((line) => line.name === 'tags')?.state, 'applied')

      assert.deepEqual(summary(await republished.rollback({ source: 'blog' })), ['down blog/tags', 'down blog/posts'])
    })

    it('runs a migration that sorts before an applied one, with a warning', async () => {
      await h.write('databases/migrations/002_posts.ts', tableMigration('posts'))
      await (await h.migrator()).migrate()
      await h.write('databases/migrations/001_users.ts', tableMigration('users'))
      await h.write('databases/migrations/003_comments.ts', tableMigration('comments'))
      const migrator = await h.migrator()

      const pending = (await migrator.status()).filter((line) => line.state === 'pending')
      assert.deepEqual(
        pending.map((line) => [line.name, line.warning]),
        [
          ['001_users', 'sorts before 002_posts, which is already applied'],
          ['003_comments', undefined],
        ],
      )
      const results = await migrator.migrate()
      assert.deepEqual(summary(results), ['up app/001_users', 'up app/003_comments'])
      assert.equal(results[0]?.status, 'applied')
      assert.equal(results[0]?.warning, 'sorts before 002_posts, which is already applied')
      assert.equal(results[1]?.warning, undefined)
    })

    it('drops everything and migrates again with fresh', async () => {
      await h.write('databases/migrations/001_users.ts', tableMigration('users'))
      await (await h.migrator()).migrate()
      await h.write('databases/migrations/002_posts.ts', tableMigration('posts'))
      await (await h.migrator()).migrate()
      await sql`create table strays (id integer primary key, user_id integer references users (id))`.execute(h.database.kysely)
      await sql`create view stray_view as select id from strays`.execute(h.database.kysely)
      if (dialect === 'postgres') await sql`create type mood as enum ('happy', 'sad')`.execute(h.database.kysely)

      const results = await (await h.migrator()).fresh()
      assert.deepEqual(summary(results), ['up app/001_users', 'up app/002_posts'])
      assert.deepEqual(await h.tables(), ['mortar_migrations', 'posts', 'users'])
      assert.deepEqual(await h.ledger(), ['1 app/001_users', '1 app/002_posts'])
      if (dialect === 'postgres') await sql`create type mood as enum ('happy')`.execute(h.database.kysely)
      else assert.equal((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(h.database.kysely)).rows[0]?.foreign_keys, 1)
    })

    it('refuses to roll back a migration whose file is gone, and to load one without up and down', async () => {
      await h.write('databases/migrations/001_users.ts', tableMigration('users'))
      const posts = await h.write('databases/migrations/002_posts.ts', tableMigration('posts'))
      await (await h.migrator()).migrate()
      await unlink(posts)
      const migrator = await h.migrator()
      assert.deepEqual(
        (await migrator.status()).map((line) => `${line.state} ${line.name} ${line.file === undefined ? 'no file' : 'file'}`),
        ['applied 001_users file', 'missing 002_posts no file'],
      )
      await assert.rejects(migrator.rollback(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_MIGRATION_MISSING')
        assert.match(error.message, /"002_posts" of app/)
        return true
      })
      assert.deepEqual(await h.tables(), ['mortar_migrations', 'posts', 'users'])

      const invalid = await h.write('databases/migrations/003_half.ts', 'export async function up() {}\n')
      await assert.rejects((await h.migrator()).migrate(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_MIGRATION_INVALID')
        assert.ok(error.message.includes(invalid), error.message)
        return true
      })
    })
  })
}

interface RunningProcess {
  process: ChildProcess
  ready: Promise<void>
  done: Promise<string>
}

function startProcess(argument: string): RunningProcess {
  const child = spawn(process.execPath, [FIXTURE, argument], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  // Writing "go" to a process that already died must not crash the test process.
  child.stdin?.on('error', () => {})
  let stdout = ''
  let stderr = ''
  let signalReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    signalReady = resolve
  })
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (stdout.startsWith('ready\n')) signalReady()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(stdout)
      else reject(new Error(`migrator process exited with ${code}:\n${stderr}`))
    })
  })
  // A process that dies before "ready" must fail the test, not hang it.
  done.then(signalReady, signalReady)
  return { process: child, ready, done }
}
