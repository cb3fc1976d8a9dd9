import { isAbsolute, resolve } from 'node:path'
import type { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import { databaseErrors } from './errors.js'
import { kyselyModule } from './kysely_module.js'
import { defaultSqliteDriver, openSqlite, type SqliteDriver } from './sqlite/index.js'

/**
 * What `config/database.ts` exports.
 *
 * @example
 * export default { url: env('DATABASE_URL', 'sqlite:storage/database.sqlite') }
 */
export interface DatabaseConfig {
  /** `sqlite:<path>` (relative to the app root, or absolute), `sqlite::memory:`, or `postgres://…`. */
  url: string
  /** PostgreSQL only: every connection works in this schema, which is created when missing. */
  schema?: string
  /** PostgreSQL only: the most connections the pool opens (pg's default is 10). */
  pool?: { max?: number }
  /**
   * SQLite only: the driver. By default `node:sqlite` (built into Node.js 22.16 and later, nothing
   * to compile) and `better-sqlite3` on older Node.js, which the app then installs itself.
   */
  driver?: SqliteDriver
}

/** The two database engines Mortar speaks. */
export type Dialect = 'sqlite' | 'postgres'

/** An open (lazily connecting) database: the Kysely instance, which engine it is, and how to close it. */
export interface Database {
  readonly kysely: Kysely<any>
  readonly dialect: Dialect
  /** Closes the connection or pool; the instance cannot be used afterwards. */
  destroy(): Promise<void>
}

/** A database URL taken apart: where a SQLite file lives, or the PostgreSQL connection string. */
export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; connectionString: string }

/** How long a PostgreSQL connect may take before the query that needed it fails. */
const PG_CONNECT_TIMEOUT_MS = 5_000

/** How long a connection waits for another process's write lock before SQLite gives up. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000

const ACCEPTED_FORMS = 'sqlite:<path> (relative to the app root), sqlite::memory: or postgres://user:password@host:5432/database'

/**
 * Creates the application's database from its config. Nothing connects until the first query,
 * so creating one at boot costs nothing for commands that never touch the database.
 *
 * SQLite (node:sqlite on Node.js 22.16+, better-sqlite3 before) runs in WAL mode with foreign keys on and waits up to 10 s for another process's write
 * lock; its folder is created on first use. PostgreSQL uses a pg pool; with `schema`, every
 * connection's `search_path` is that schema alone, which is how each test app gets a database of
 * its own.
 *
 * @example
 * const database = createDatabase({ url: 'sqlite:storage/database.sqlite' }, appRoot)
 * const posts = await database.kysely.selectFrom('posts').selectAll().execute()
 * await database.destroy()
 */
export function createDatabase(config: DatabaseConfig, appRoot: string): Database {
  const target = parseDatabaseUrl(config.url, appRoot)
  if (target.dialect === 'postgres') checkSchemaName(config.schema)
  // Kysely itself is loaded on first use (see kysely_module.ts).
  let instance: Kysely<any> | undefined
  let destroyed = false
  return {
    get kysely(): Kysely<any> {
      if (destroyed) throw databaseErrors.E_DATABASE_CLOSED()
      if (!instance) {
        const { Kysely } = kyselyModule()
        const dialect =
          target.dialect === 'sqlite' ? sqliteDialect(target.path, config, appRoot) : postgresDialect(target.connectionString, config)
        instance = new Kysely<any>({ dialect })
      }
      return instance
    },
    dialect: target.dialect,
    destroy: async () => {
      destroyed = true
      await instance?.destroy()
    },
  }
}

/**
 * Reads a database URL. A URL of no known form is `E_DATABASE_CONFIG`, naming the URL (its
 * password hidden) and the forms accepted.
 *
 * @example
 * parseDatabaseUrl('sqlite:storage/database.sqlite', '/srv/app') // { dialect: 'sqlite', path: '/srv/app/storage/database.sqlite' }
 */
export function parseDatabaseUrl(url: string, appRoot: string): DatabaseTarget {
  if (typeof url !== 'string' || url.trim() === '') {
    throw databaseErrors.E_DATABASE_CONFIG(`The database URL is empty. Use ${ACCEPTED_FORMS}.`, {
      hint: 'Set DATABASE_URL in .env, or url in config/database.ts.',
    })
  }
  if (url.startsWith('sqlite:')) {
    // `sqlite:///abs/path` and `sqlite://rel/path` are common spellings of the same thing.
    const rest = url.slice('sqlite:'.length).replace(/^\/\/(?=.)/, '')
    if (rest === ':memory:') return { dialect: 'sqlite', path: ':memory:' }
    if (rest !== '') return { dialect: 'sqlite', path: isAbsolute(rest) ? rest : resolve(appRoot, rest) }
  } else if (/^postgres(ql)?:\/\//.test(url) && URL.canParse(url)) {
    return { dialect: 'postgres', connectionString: url }
  }
  throw databaseErrors.E_DATABASE_CONFIG(`Unsupported database URL "${redactUrl(url)}". Use ${ACCEPTED_FORMS}.`, {
    hint: 'Set DATABASE_URL in .env, or url in config/database.ts.',
  })
}

/** The URL with its password replaced by `***`, safe to print. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@')
}

function sqliteDialect(path: string, config: DatabaseConfig, appRoot: string): SqliteDialect {
  const { SqliteDialect } = kyselyModule()
  const driver = config.driver ?? defaultSqliteDriver()
  // The driver is loaded on first use, so that apps on PostgreSQL (and commands without a database) never load it.
  return new SqliteDialect({ database: () => openSqlite(path, { driver, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, appRoot }) })
}

function checkSchemaName(schema: string | undefined): void {
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw databaseErrors.E_DATABASE_CONFIG(`Invalid PostgreSQL schema name "${schema}": use letters, digits and _ (at most 63).`)
  }
}

function postgresDialect(connectionString: string, config: DatabaseConfig): PostgresDialect {
  const { CompiledQuery, PostgresDialect } = kyselyModule()
  const schema = config.schema
  return new PostgresDialect({
    pool: async () => {
      const { default: pg } = await import('pg')
      // A server that cannot be reached fails the query after 5 s rather than holding the request.
      const pool = new pg.Pool({ connectionString, max: config.pool?.max, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS })
      // pg emits 'error' on the pool when an idle client drops (a server restart), and on the
      // client itself when it drops while checked out between queries (PostgreSQL stopping under
      // load did this). Without a listener either crashes the process; with one, the query in
      // flight fails (answered 503), the pool discards the broken client, and the next query
      // connects again.
      pool.on('error', () => {})
      pool.on('connect', (client) => client.on('error', () => {}))
      if (schema !== undefined) await createSchema(pool, schema)
      return pool
    },
    onCreateConnection: async (connection) => {
      if (schema !== undefined) await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`))
    },
  })
}

async function createSchema(pool: import('pg').Pool, schema: string): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query(`create schema if not exists "${schema}"`)
  } catch (error) {
    // Two processes creating the same schema at once: the loser's "if not exists" still fails.
    const code = (error as { code?: string }).code
    if (code !== '23505' && code !== '42P06') throw error
  } finally {
    client.release()
  }
}
