import { readdir } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { migrationTimestamp, parsePublishedHeader, readPublishedHeader } from '../database/migration_header.js'
import { APP_MIGRATIONS_FOLDER } from '../database/sources.js'
import { FILE_JOBS, mapPool } from '../support/pool.js'
import { entriesBySource, type Ledger } from './ledger.js'
import { sourceKey } from './publishable_file.js'

/** The placeholder in a migration's destination that the first publish fills in. */
export const TIMESTAMP_PLACEHOLDER = '{timestamp}'

/** The package file a published migration's header names. */
export interface MigrationHeader {
  package: string
  sourcePath: string
}

/** A migration already in the app, and whether the ledger knows it or only its header does. */
export interface PublishedMigration {
  destination: string
  recorded: boolean
}

/**
 * Reads the header a published migration starts with, `// mortar:published blog migrations/x.ts`,
 * as the database module (which owns the format) writes it.
 */
export function parseMigrationHeader(headerLine: string): MigrationHeader | undefined {
  const header = parsePublishedHeader(headerLine)
  return header && { package: header.package, sourcePath: header.path }
}

/**
 * Finds published migrations by their header, scanning each folder once per operation.
 * Returns the destination (relative to the app) of the file whose header names the package file.
 */
export function migrationHeaderFinder(appRoot: string): (folder: string, file: MigrationHeader) => Promise<string | undefined> {
  const scanned = new Map<string, Promise<Map<string, string>>>()
  return async (folder, file) => {
    let index = scanned.get(folder)
    if (!index) {
      index = scanHeaders(appRoot, folder)
      scanned.set(folder, index)
    }
    return (await index).get(sourceKey(file))
  }
}

/**
 * Says whether a package's migration is already in the app, and where: the ledger's record first,
 * else a file in the migrations folder whose header names it (published by hand, or before the
 * ledger existed). Publishing uses this so a migration is never published twice.
 *
 * @example
 * const found = await findPublishedMigration(appRoot, await readLedger(appRoot), { package: 'blog', sourcePath: 'migrations/create_posts_table.ts' })
 * if (found) console.log(`already at ${found.destination}`)
 */
export async function findPublishedMigration(
  appRoot: string,
  ledger: Ledger,
  migration: MigrationHeader,
  folder = APP_MIGRATIONS_FOLDER,
): Promise<PublishedMigration | undefined> {
  const entry = entriesBySource(ledger).get(sourceKey(migration))
  if (entry) return { destination: entry.destination, recorded: true }
  const destination = await migrationHeaderFinder(appRoot)(folder, migration)
  return destination === undefined ? undefined : { destination, recorded: false }
}

/**
 * Fills `{timestamp}` with the migration timestamp (`YYYY_MM_DD_HHMMSS`, UTC) `offset` seconds
 * after `now`, so migrations published together keep their order.
 */
export function fillTimestamp(destination: string, now: Date, offset = 0): string {
  if (!destination.includes(TIMESTAMP_PLACEHOLDER)) return destination
  return destination.replaceAll(TIMESTAMP_PLACEHOLDER, migrationTimestamp(new Date(now.getTime() + offset * 1000)))
}

async function scanHeaders(appRoot: string, folder: string): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  let names: string[]
  try {
    names = (await readdir(join(appRoot, folder))).sort()
  } catch {
    return found
  }
  // Read FILE_JOBS at a time, kept in name order: the first file naming a package file wins.
  const headers = await mapPool(names, FILE_JOBS, (name) => readPublishedHeader(join(appRoot, folder, name)).catch(() => undefined))
  for (const [index, header] of headers.entries()) {
    const key = header && sourceKey({ package: header.package, sourcePath: header.path })
    if (key && !found.has(key)) found.set(key, posix.join(folder, names[index] as string))
  }
  return found
}
