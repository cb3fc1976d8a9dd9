// better-sqlite3, the embedded driver on Node.js lines without a usable `node:sqlite` (Node 20).
// It is a native addon built by its install script, so each way that build can be missing gets
// an error that says which command fixes it.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { SqliteDatabase } from 'kysely'
import type { MortarError } from '../../errors.js'
import { databaseErrors } from '../errors.js'
import { hasNodeSqlite } from './node_sqlite.js'

/** The better-sqlite3 range Mortar works with (13 needs Node 22). */
export const BETTER_SQLITE3_RANGE = '^12.6.2'

/** The command that builds better-sqlite3 when npm skipped its install script. */
export const BUILD_BETTER_SQLITE3 = 'npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3'

type BetterSqlite3 = new (path: string, options: { timeout: number }) => SqliteDatabase & { pragma(source: string): unknown }

/**
 * Opens `path` with the app's better-sqlite3 (the copy in the app's node_modules, else the one
 * Mortar itself resolves).
 */
export async function openBetterSqlite(path: string, busyTimeoutMs: number, appRoot: string): Promise<SqliteDatabase> {
  const SQLite = await loadBetterSqlite(appRoot)
  try {
    const db = new SQLite(path, { timeout: busyTimeoutMs })
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    return db
  } catch (cause) {
    throw bindingError(cause) ?? cause
  }
}

async function loadBetterSqlite(appRoot: string): Promise<BetterSqlite3> {
  let module: { default: BetterSqlite3 }
  try {
    const fromApp = resolveFrom(appRoot)
    module = fromApp ? await import(pathToFileURL(fromApp).href) : await import('better-sqlite3')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /better-sqlite3/.test((cause as Error).message)) {
      throw databaseErrors.E_SQLITE_DRIVER_MISSING(
        hasNodeSqlite()
          ? "better-sqlite3 is not installed, and config/database.ts asks for it (driver: 'better-sqlite3')"
          : `better-sqlite3 is not installed, and Node.js ${process.versions.node} has no node:sqlite (it needs 22.16 or later)`,
        {
          cause,
          hint: `Run \`npm install better-sqlite3@${BETTER_SQLITE3_RANGE}\`${hasNodeSqlite() ? ', or remove driver from config/database.ts' : ', or use Node.js 22.16 or later'}.`,
        },
      )
    }
    throw bindingError(cause) ?? cause
  }
  return module.default
}

function resolveFrom(appRoot: string): string | undefined {
  try {
    return createRequire(join(appRoot, 'package.json')).resolve('better-sqlite3')
  } catch {
    return undefined
  }
}

/** The MortarError for a better-sqlite3 whose native build is missing or made for another Node.js. */
function bindingError(cause: unknown): MortarError | undefined {
  const message = String((cause as Error)?.message)
  if (/Could not locate the bindings file/.test(message)) {
    return databaseErrors.E_SQLITE_NOT_BUILT(
      'better-sqlite3 is installed but not built: its install script did not run (npm 12 runs only the scripts package.json lists in allowScripts)',
      { cause, hint: `Run \`${BUILD_BETTER_SQLITE3}\`.` },
    )
  }
  if (/NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|invalid ELF/.test(message)) {
    return databaseErrors.E_SQLITE_NOT_BUILT(`better-sqlite3 was built for another Node.js version than ${process.versions.node}`, {
      cause,
      hint: 'Run `npm rebuild better-sqlite3` with this Node.js.',
    })
  }
  return undefined
}
