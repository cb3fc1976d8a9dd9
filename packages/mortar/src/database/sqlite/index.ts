// The embedded database: which SQLite driver opens an app's file.
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SqliteDatabase } from 'kysely'
import { MortarError } from '../../errors.js'
import { databaseErrors } from '../errors.js'
import { openBetterSqlite } from './better_sqlite.js'
import { hasNodeSqlite, openNodeSqlite } from './node_sqlite.js'

export { BETTER_SQLITE3_RANGE, BUILD_BETTER_SQLITE3 } from './better_sqlite.js'
export { hasNodeSqlite } from './node_sqlite.js'

/** The two SQLite drivers: Node's built-in one, and the better-sqlite3 addon. */
export type SqliteDriver = 'node:sqlite' | 'better-sqlite3'

/** The driver used when the config names none: `node:sqlite` where Node.js has it (22.16+), else better-sqlite3. */
export function defaultSqliteDriver(): SqliteDriver {
  return hasNodeSqlite() ? 'node:sqlite' : 'better-sqlite3'
}

/**
 * Opens the SQLite file at `path` (creating its folder) in WAL mode with foreign keys on, waiting
 * up to `busyTimeoutMs` for another process's write lock.
 */
export async function openSqlite(
  path: string,
  options: { driver: SqliteDriver; busyTimeoutMs: number; appRoot: string },
): Promise<SqliteDatabase> {
  if (options.driver === 'node:sqlite' && !hasNodeSqlite()) {
    throw databaseErrors.E_DATABASE_CONFIG(`The node:sqlite driver needs Node.js 22.16 or later; this is ${process.versions.node}`, {
      hint: 'Remove `driver` from config/database.ts to use better-sqlite3, or upgrade Node.js.',
    })
  }
  try {
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true })
    return options.driver === 'node:sqlite'
      ? openNodeSqlite(path, options.busyTimeoutMs)
      : await openBetterSqlite(path, options.busyTimeoutMs, options.appRoot)
  } catch (cause) {
    if (cause instanceof MortarError) throw cause
    throw databaseErrors.E_DATABASE_CONFIG(`Cannot open the SQLite database ${path}: ${(cause as Error).message}`, {
      cause,
      hint: 'Check that the folder is writable, or point DATABASE_URL elsewhere.',
    })
  }
}
