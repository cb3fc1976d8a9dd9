import type { Kysely } from 'kysely'
import type { Database } from './connection.js'
import { kyselyModule } from './kysely_module.js'

/**
 * First key of the PostgreSQL advisory lock migrators take ("mort" in ASCII); the second key is
 * the hash of the current schema, so test apps in separate schemas do not wait for each other.
 */
const ADVISORY_LOCK_KEY = 0x6d6f7274

/** Options for {@link withMigrationLock}. */
export interface MigrationLockOptions {
  /** SQLite only: turn foreign keys off around the transaction (they cannot change inside one), to drop tables in any order. */
  withoutForeignKeys?: boolean
}

/**
 * Runs `work` in one transaction on one connection that no other migrator can enter at the same
 * time, in this process or another, and passes it a Kysely bound to that connection. It commits
 * when `work` resolves and rolls back everything, schema included, when it throws.
 *
 * SQLite: `BEGIN IMMEDIATE` takes the write lock up front (others wait up to the busy timeout).
 * PostgreSQL: `pg_advisory_xact_lock`, released by the commit or rollback.
 *
 * @example
 * const applied = await withMigrationLock(database, (db) => readMigrationRecords(db, database.dialect))
 */
export async function withMigrationLock<T>(
  database: Database,
  work: (db: Kysely<any>) => Promise<T>,
  options: MigrationLockOptions = {},
): Promise<T> {
  const { sql } = kyselyModule()
  const sqlite = database.dialect === 'sqlite'
  const toggleForeignKeys = sqlite && options.withoutForeignKeys === true
  return database.kysely.connection().execute(async (db) => {
    if (toggleForeignKeys) await sql`pragma foreign_keys = off`.execute(db)
    try {
      await sql.raw(sqlite ? 'begin immediate' : 'begin').execute(db)
      try {
        if (!sqlite) {
          await sql`select pg_advisory_xact_lock(${sql.lit(ADVISORY_LOCK_KEY)}, hashtext(coalesce(current_schema(), '')))`.execute(db)
        }
        const result = await work(db)
        await sql`commit`.execute(db)
        return result
      } catch (error) {
        // A failed commit, or SQLite having rolled back on its own (SQLITE_FULL, …), makes this
        // rollback fail too: the original error is the one to report.
        await sql`rollback`.execute(db).catch(() => {})
        throw error
      }
    } finally {
      if (toggleForeignKeys) await sql`pragma foreign_keys = on`.execute(db)
    }
  })
}
