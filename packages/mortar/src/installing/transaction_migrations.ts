import { loadAppConfig } from '../config/loader.js'
import { appMigrationSource, createDatabase, type Database, type MigrationSource, Migrator } from '../database/index.js'
import type { Importer } from '../support/import_file.js'

/**
 * What a package command did to the schema, kept in its journal: migrations it ran (`up`, undone
 * by rolling back each source's batches newer than `batchBefore`) or rolled back (`down`, undone
 * by migrating again).
 */
export interface MigrationsTouched {
  direction: 'up' | 'down'
  sources: MigrationSource[]
  /** Per source, its newest applied batch before the command (0: none). */
  batchBefore: Record<string, number>
}

/**
 * Runs `use` with a migrator over the given package sources and the app's own migrations, on the
 * app's database, without booting the app: a package whose boot throws must still be migrated
 * and rolled back.
 */
export async function withPackageMigrator<T>(
  root: string,
  sources: readonly MigrationSource[],
  use: (migrator: Migrator) => Promise<T>,
): Promise<T> {
  const { database, importer } = await openAppDatabase(root)
  try {
    return await use(new Migrator(database, [...sources, await appMigrationSource(root)], { importer }))
  } finally {
    await database.destroy()
  }
}

/** Per source, its newest applied batch (0 when none is applied). */
export async function newestBatches(migrator: Migrator, sources: readonly MigrationSource[]): Promise<Record<string, number>> {
  const rows = await migrator.status()
  const batches: Record<string, number> = {}
  for (const source of sources) {
    batches[source.name] = Math.max(
      0,
      ...rows.filter((row) => row.source === source.name && row.batch !== undefined).map((row) => row.batch as number),
    )
  }
  return batches
}

/** Undoes what the journal says the command did to the schema. */
export async function undoMigrations(root: string, touched: MigrationsTouched): Promise<void> {
  await withPackageMigrator(root, touched.sources, async (migrator) => {
    if (touched.direction === 'down') {
      await migrator.migrate()
      return
    }
    const rows = await migrator.status()
    for (const source of touched.sources) {
      const before = touched.batchBefore[source.name] ?? 0
      const newer = new Set(
        rows.filter((row) => row.source === source.name && row.state === 'applied' && (row.batch ?? 0) > before).map((row) => row.batch),
      )
      if (newer.size > 0) await migrator.rollback({ source: source.name, steps: newer.size })
    }
  })
}

async function openAppDatabase(root: string): Promise<{ database: Database; importer: Importer }> {
  // Creating the app (not booting it) reads .env and makes its TypeScript config importable.
  const { Application } = await import('../app/application.js')
  const { runWithApp } = await import('../app/current.js')
  const app = await Application.create({ root })
  // Config files may call helpers (a new app's config/app.ts reads app().isProduction): they
  // need this app current while they load.
  const config = await runWithApp(app, () => loadAppConfig(root, app.importer))
  const database = (config.database ?? {}) as Record<string, unknown>
  return { database: createDatabase({ url: 'sqlite:storage/database.sqlite', ...database } as never, root), importer: app.importer }
}
