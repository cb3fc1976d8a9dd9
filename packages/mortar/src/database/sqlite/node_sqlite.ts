// Kysely's SqliteDialect over Node's built-in `node:sqlite`, so that an app on Node 22.16+ needs
// no native addon (and no compiler or install script) for its embedded database.
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** The part of `node:sqlite` this adapter uses (its types are missing from @types/node 20). */
interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    options: { timeout: number },
  ) => {
    exec(sql: string): void
    prepare(sql: string): NodeSqliteStatement
    close(): void
  }
}

interface NodeSqliteStatement {
  columns(): unknown[]
  all(...parameters: unknown[]): Record<string, unknown>[]
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint }
  iterate(...parameters: unknown[]): IterableIterator<Record<string, unknown>>
}

/** The first Node.js version whose `node:sqlite` has everything the adapter needs (`timeout`, `columns()`). */
export const NODE_SQLITE_SINCE = [22, 16] as const

/** True when this Node.js has a `node:sqlite` the adapter can use. */
export function hasNodeSqlite(version = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > NODE_SQLITE_SINCE[0] || (major === NODE_SQLITE_SINCE[0] && minor >= NODE_SQLITE_SINCE[1])
}

/**
 * Opens `path` with `node:sqlite` and wraps it in the shape Kysely's SqliteDialect drives
 * (better-sqlite3's): a statement knows whether it returns rows, takes its parameters as an
 * array, and rows are plain objects.
 */
export function openNodeSqlite(path: string, busyTimeoutMs: number): SqliteDatabase {
  const { DatabaseSync } = loadNodeSqlite()
  const db = new DatabaseSync(path, { timeout: busyTimeoutMs })
  db.exec('PRAGMA journal_mode = WAL')
  // What better-sqlite3's SQLite is built with (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1): in WAL mode a
  // commit never corrupts the file, and skipping the fsync per commit makes each autocommit
  // write about 100× faster (a power cut may lose the last transactions).
  db.exec('PRAGMA synchronous = NORMAL')
  db.exec('PRAGMA foreign_keys = ON')
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql)
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...parameters).map(plainRow),
        run: (parameters) => statement.run(...parameters),
        *iterate(parameters) {
          for (const row of statement.iterate(...parameters)) yield plainRow(row)
        },
      }
    },
  }
}

// node:sqlite gives rows a null prototype; app code (and deepEqual) expects ordinary objects.
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.setPrototypeOf(row, Object.prototype)
}

/**
 * Loads `node:sqlite`. On Node 22 loading it prints "ExperimentalWarning: SQLite is an
 * experimental feature"; that one warning is held back (the API Mortar uses is the one that is
 * stable on 24 and 26), every other warning goes through.
 */
function loadNodeSqlite(): NodeSqliteModule {
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type
    if (type === 'ExperimentalWarning' && /SQLite/.test(text)) return
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return (process as unknown as { getBuiltinModule(id: string): NodeSqliteModule }).getBuiltinModule('node:sqlite')
  } finally {
    process.emitWarning = emitWarning
  }
}
