import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { APP_LAYOUT } from '../app/layout.js'
import type { MortarError } from '../errors.js'
import { databaseErrors } from './errors.js'
import { migrationName, readPublishedHeader } from './migration_header.js'

/**
 * Where migrations come from: the app (`name: 'app'`) or a package (its name). `files` are
 * absolute paths in the order they run.
 *
 * @example
 * const blog: MigrationSource = { name: 'blog', files: [join(root, 'migrations/create_posts_table.ts')] }
 */
export interface MigrationSource {
  name: string
  files: string[]
}

/** The name of the app's own migration source. */
export const APP_SOURCE = 'app'

/** The app's migrations folder, relative to the app root. */
export const APP_MIGRATIONS_FOLDER = APP_LAYOUT.migrations

/** One migration the migrator knows of: its identity (source, name) and the file that runs it. */
export interface PlannedMigration {
  source: string
  name: string
  file: string
  /** True when `file` is the app's published copy of a package's migration. */
  published: boolean
}

/**
 * The app's source: every `.ts` or `.js` file in `databases/migrations/`, sorted by file name
 * (the timestamp prefix makes that the order they were made). A missing folder means none.
 *
 * @example
 * const sources = [...packageSources, await appMigrationSource(appRoot)]
 */
export async function appMigrationSource(appRoot: string): Promise<MigrationSource> {
  const folder = join(appRoot, APP_MIGRATIONS_FOLDER)
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { name: APP_SOURCE, files: [] }
    throw error
  }
  const files = names
    .filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts'))
    // Code-unit order, not locale order, so every machine runs them in the same order.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(folder, name))
  return { name: APP_SOURCE, files }
}

/**
 * Every migration in run order: each package source in the order given, then the app's. An app
 * file with a published header is the package's migration, not the app's: it takes the place of
 * the package's own file (or, when the package is not registered or no longer declares it, joins
 * that package's list after the registered packages). Two files with one identity are
 * `E_MIGRATION_INVALID`.
 */
export async function planMigrations(sources: readonly MigrationSource[]): Promise<PlannedMigration[]> {
  const groups = new Map<string, PlannedMigration[]>()
  const byIdentity = new Map<string, PlannedMigration>()
  const add = (migration: PlannedMigration) => {
    const key = migrationKey(migration.source, migration.name)
    const other = byIdentity.get(key)
    if (other) throw duplicate(migration, other.file)
    byIdentity.set(key, migration)
    const group = groups.get(migration.source)
    if (group) group.push(migration)
    else groups.set(migration.source, [migration])
  }

  const seen = new Set<string>()
  for (const source of sources) {
    if (seen.has(source.name)) {
      throw databaseErrors.E_MIGRATION_INVALID(
        `Two migration sources are named "${source.name}"; each package registers its migrations once.`,
      )
    }
    seen.add(source.name)
  }
  for (const source of sources) {
    if (source.name === APP_SOURCE) continue
    for (const file of source.files) add({ source: source.name, name: migrationName(file), file, published: false })
  }

  const appOwn: PlannedMigration[] = []
  for (const file of sources.find((source) => source.name === APP_SOURCE)?.files ?? []) {
    const header = await readPublishedHeader(file)
    if (!header) {
      appOwn.push({ source: APP_SOURCE, name: migrationName(file), file, published: false })
      continue
    }
    const name = migrationName(header.path)
    const original = byIdentity.get(migrationKey(header.package, name))
    if (original?.published) throw duplicate({ source: header.package, name, file, published: true }, original.file)
    if (original) {
      original.file = file
      original.published = true
    } else {
      add({ source: header.package, name, file, published: true })
    }
  }
  for (const migration of appOwn) add(migration)

  return [...groups.values()].flat()
}

/** The key of a migration across sources and the ledger: its source and name. */
export function migrationKey(source: string, name: string): string {
  return `${source}\u0000${name}`
}

function duplicate(migration: PlannedMigration, otherFile: string): MortarError {
  return databaseErrors.E_MIGRATION_INVALID(
    `Two files are migration "${migration.name}" of ${migration.source}: ${otherFile} and ${migration.file}.`,
    { hint: 'Delete or rename one of them (a package migration published twice leaves two copies in databases/migrations).' },
  )
}
