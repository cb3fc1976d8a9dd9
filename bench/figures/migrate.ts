import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { packagesApp } from '../fixtures/shared.js'
import { migrationUp } from '../fixtures/sources.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { type Launch, wallTime } from '../lib/proc.js'
import { alternate } from '../lib/stats.js'

/**
 * `craft migrate` of the packages' 200 migrations (20 packages × 10) into a new SQLite file,
 * spawn to exit, against one Kysely script (plain JavaScript, one transaction, SQLite set up as
 * Mortar sets it up) running the same schema statements.
 */
export async function migrateFigure(context: Context): Promise<Figure[]> {
  const app = await packagesApp(context)
  const tables = app.packages.flatMap((pkg) => pkg.tables)
  const appDatabase = join(app.root, 'storage', 'database.sqlite')
  const baselineDatabase = join(context.workdir, 'baseline.sqlite')
  const script = join(context.workdir, 'baseline-migrate.mjs')
  await writeFile(script, baselineScript(baselineDatabase, tables))
  const baseline: Launch = { command: process.execPath, args: [script] }
  const migrate = app.craft(['migrate'])

  // Each run starts from no database and must end with every table.
  const timed = async (launch: Launch, database: string) => {
    await removeDatabase(database)
    const ms = await wallTime(launch)
    const count = tableCount(database, tables)
    if (count !== tables.length) throw new Error(`${database} has ${count} of the ${tables.length} tables`)
    return ms
  }
  const samples = await alternate(
    { runs: context.sizes.heavyRuns, warmup: context.sizes.warmup },
    () => timed(migrate, appDatabase),
    () => timed(baseline, baselineDatabase),
  )
  return [
    figure(
      `craft migrate of ${tables.length} migrations from ${app.packages.length} packages (SQLite)`,
      'the same SQL by one Kysely script',
      'ms',
      { op: '<=', value: 1.5 },
      samples,
      'spawn to exit, new database file each run',
    ),
  ]
}

function baselineScript(database: string, tables: readonly string[]): string {
  // Resolved here so that the script, written outside the repository, finds the same copies.
  const kysely = import.meta.resolve('kysely')
  const sqlite = import.meta.resolve('better-sqlite3')
  return `import { Kysely, SqliteDialect } from '${kysely}'
import SQLite from '${sqlite}'

const kysely = new Kysely({
  dialect: new SqliteDialect({
    database: () => {
      const database = new SQLite(${JSON.stringify(database)}, { timeout: 10000 })
      database.pragma('journal_mode = WAL')
      database.pragma('foreign_keys = ON')
      return database
    },
  }),
})
await kysely.transaction().execute(async (db) => {
  ${tables.map((table) => migrationUp(table)).join('\n  ')}
})
await kysely.destroy()
`
}

function tableCount(file: string, tables: readonly string[]): number {
  const database = new Database(file, { readonly: true })
  try {
    const names = new Set(
      database
        .prepare("select name from sqlite_master where type = 'table'")
        .all()
        .map((row) => (row as { name: string }).name),
    )
    return tables.filter((table) => names.has(table)).length
  } finally {
    database.close()
  }
}

async function removeDatabase(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${file}${suffix}`, { force: true })
}
