import type { Kysely } from 'kysely'
import { type Importer, importFile } from '../support/import_file.js'
import type { Database } from './connection.js'
import { dropAllObjects } from './drop_all.js'
import { databaseErrors } from './errors.js'
import { withMigrationLock } from './migration_lock.js'
import { ensureMigrationsTable, type MigrationRecord, readMigrationRecords, recordApplied, recordRolledBack } from './migration_records.js'
import { APP_SOURCE, type MigrationSource, migrationKey, type PlannedMigration, planMigrations } from './sources.js'

/** What a migration module exports. */
export interface Migration {
  up(db: Kysely<any>): Promise<void> | void
  down(db: Kysely<any>): Promise<void> | void
}

/** What happened to one migration; the command prints one line per result. */
export interface MigrationResult {
  source: string
  name: string
  file: string
  direction: 'up' | 'down'
  status: 'applied' | 'rolled-back'
  /** Set when a migration ran although it sorts before one of its source already applied. */
  warning?: string
}

/** One line of `migrate:status`. */
export interface MigrationStatus {
  source: string
  name: string
  /** Undefined when the migration is applied but its file is gone (`state: 'missing'`). */
  file?: string
  state: 'applied' | 'pending' | 'missing'
  batch?: number
  migratedAt?: Date
  /** True when the file is the app's published copy of a package's migration. */
  published: boolean
  /** Set on a pending migration that sorts before one of its source already applied. */
  warning?: string
}

/** Which migrations {@link Migrator.rollback} undoes. */
export interface RollbackOptions {
  /** How many batches, newest first (default 1); with `source`, that source's last N batches. */
  steps?: number
  /** Only this source's migrations; without `steps`, all of them. */
  source?: string
}

/**
 * Runs the app's and packages' migrations against one database. Pending migrations run in this
 * order: each package source in the order given, then the app's own (published copies of package
 * migrations count as the package's). Every call is one transaction that other migrators, in this
 * process or another, wait for; a migration that throws rolls the whole call back.
 *
 * @example
 * const migrator = new Migrator(database, [...packageSources, await appMigrationSource(appRoot)])
 * for (const result of await migrator.migrate()) console.log(result.status, result.source, result.name)
 */
export class Migrator {
  readonly #database: Database
  readonly #sources: readonly MigrationSource[]
  readonly #importer?: Importer

  /** `options.importer`: the application's (`app.importer`), so its TypeScript migrations come from its compile cache. */
  constructor(database: Database, sources: readonly MigrationSource[], options: { importer?: Importer } = {}) {
    this.#database = database
    this.#sources = sources
    this.#importer = options.importer
  }

  /** Runs every pending migration as one new batch; an empty list means there was nothing to do. */
  async migrate(): Promise<MigrationResult[]> {
    const plan = await planMigrations(this.#sources)
    return withMigrationLock(this.#database, async (db) => {
      await ensureMigrationsTable(db, this.#database.dialect)
      // Read under the lock: another migrator may have applied some of these while we waited.
      const applied = await readMigrationRecords(db, this.#database.dialect)
      const pending = pendingMigrations(plan, applied)
      if (pending.length === 0) return []
      const modules = await Promise.all(pending.map(({ migration }) => loadMigration(migration.file, this.#importer)))
      const batch = Math.max(0, ...applied.map((record) => record.batch)) + 1
      const results: MigrationResult[] = []
      for (const [index, { migration, warning }] of pending.entries()) {
        await run(modules[index] as Migration, 'up', migration, db)
        await recordApplied(db, migration.source, migration.name, batch)
        results.push({ ...identityOf(migration), direction: 'up', status: 'applied', ...(warning ? { warning } : {}) })
      }
      return results
    })
  }

  /**
   * Undoes the last batch, the last `steps` batches, or a source's migrations, newest first.
   * An applied migration whose file is gone is `E_MIGRATION_MISSING`, before anything runs.
   */
  async rollback(options: RollbackOptions = {}): Promise<MigrationResult[]> {
    const { steps, source } = options
    if (steps !== undefined && (!Number.isInteger(steps) || steps < 1)) {
      throw databaseErrors.E_MIGRATION_STEPS_INVALID(steps)
    }
    const plan = await planMigrations(this.#sources)
    return withMigrationLock(this.#database, async (db) => {
      const applied = await readMigrationRecords(db, this.#database.dialect)
      let candidates = applied
      if (source !== undefined) {
        this.#assertKnownSource(source, plan, applied)
        candidates = applied.filter((record) => record.source === source)
      }
      const batches = [...new Set(candidates.map((record) => record.batch))].sort((a, b) => b - a)
      const chosen = new Set(source !== undefined && steps === undefined ? batches : batches.slice(0, steps ?? 1))
      const targets = candidates
        .filter((record) => chosen.has(record.batch))
        .sort((a, b) => b.batch - a.batch || b.id - a.id)
        .map((record) => plannedFor(record, plan))
      const modules = await Promise.all(targets.map((migration) => loadMigration(migration.file, this.#importer)))
      const results: MigrationResult[] = []
      for (const [index, migration] of targets.entries()) {
        await run(modules[index] as Migration, 'down', migration, db)
        await recordRolledBack(db, migration.source, migration.name)
        results.push({ ...identityOf(migration), direction: 'down', status: 'rolled-back' })
      }
      return results
    })
  }

  /** Every migration known from files or the migrations table, in run order; applied-but-missing ones last. */
  async status(): Promise<MigrationStatus[]> {
    const plan = await planMigrations(this.#sources)
    const applied = await readMigrationRecords(this.#database.kysely, this.#database.dialect)
    const warnings = new Map(pendingMigrations(plan, applied).map(({ migration, warning }) => [migration, warning]))
    const byIdentity = new Map(applied.map((record) => [identity(record), record]))
    const lines: MigrationStatus[] = plan.map((migration) => {
      const record = byIdentity.get(identity(migration))
      const base = { ...identityOf(migration), published: migration.published }
      if (record) return { ...base, state: 'applied', batch: record.batch, migratedAt: record.migratedAt }
      const warning = warnings.get(migration)
      return { ...base, state: 'pending', ...(warning ? { warning } : {}) }
    })
    const planned = new Set(plan.map(identity))
    for (const record of applied) {
      if (planned.has(identity(record))) continue
      lines.push({
        source: record.source,
        name: record.name,
        state: 'missing',
        batch: record.batch,
        migratedAt: record.migratedAt,
        published: false,
      })
    }
    return lines
  }

  /** Drops every table (on PostgreSQL, everything in the schema), then runs every migration. */
  async fresh(): Promise<MigrationResult[]> {
    await withMigrationLock(this.#database, (db) => dropAllObjects(db, this.#database.dialect), { withoutForeignKeys: true })
    return this.migrate()
  }

  #assertKnownSource(source: string, plan: readonly PlannedMigration[], applied: readonly MigrationRecord[]): void {
    const known = new Set([
      ...this.#sources.map((candidate) => candidate.name),
      ...plan.map((migration) => migration.source),
      ...applied.map((record) => record.source),
    ])
    if (known.has(source)) return
    throw databaseErrors.E_MIGRATION_SOURCE_UNKNOWN(source, [...known], APP_SOURCE)
  }
}

interface PendingMigration {
  migration: PlannedMigration
  warning?: string
}

/** The planned migrations not in the migrations table, each with a warning when it sorts before an applied one of its source. */
function pendingMigrations(plan: readonly PlannedMigration[], applied: readonly MigrationRecord[]): PendingMigration[] {
  const appliedKeys = new Set(applied.map(identity))
  const lastApplied = new Map<string, PlannedMigration>()
  for (const migration of plan) {
    if (appliedKeys.has(identity(migration))) lastApplied.set(migration.source, migration)
  }
  const pending: PendingMigration[] = []
  const passed = new Set<string>()
  for (const migration of plan) {
    const last = lastApplied.get(migration.source)
    if (last === migration) passed.add(migration.source)
    if (appliedKeys.has(identity(migration))) continue
    const sortsBefore = last !== undefined && !passed.has(migration.source)
    pending.push(sortsBefore ? { migration, warning: `sorts before ${last.name}, which is already applied` } : { migration })
  }
  return pending
}

function plannedFor(record: MigrationRecord, plan: readonly PlannedMigration[]): PlannedMigration {
  const migration = plan.find((candidate) => identity(candidate) === identity(record))
  if (migration) return migration
  throw databaseErrors.E_MIGRATION_MISSING(record, record.source === APP_SOURCE)
}

async function loadMigration(file: string, importer: Importer | undefined): Promise<Migration> {
  let module: Record<string, unknown>
  try {
    module = await (importer ? importer.import(file) : importFile(file))
  } catch (cause) {
    throw databaseErrors.E_MIGRATION_INVALID(`Cannot load migration ${file}: ${(cause as Error).message}`, { cause })
  }
  // A CommonJS-compiled migration arrives as its `default` export.
  const candidate = typeof module.up === 'function' ? module : (module.default as Record<string, unknown> | undefined)
  if (typeof candidate?.up === 'function' && typeof candidate.down === 'function') return candidate as unknown as Migration
  throw databaseErrors.E_MIGRATION_INVALID(`Migration ${file} must export both an up() and a down() function.`, {
    hint: 'export async function up(db: Kysely<any>) { … } and export async function down(db: Kysely<any>) { … }',
  })
}

async function run(module: Migration, direction: 'up' | 'down', migration: PlannedMigration, db: Kysely<any>): Promise<void> {
  try {
    await module[direction](db)
  } catch (cause) {
    throw databaseErrors.E_MIGRATION_FAILED(migration, direction, cause)
  }
}

function identityOf(migration: PlannedMigration): Pick<MigrationResult, 'source' | 'name' | 'file'> {
  return { source: migration.source, name: migration.name, file: migration.file }
}

function identity(migration: { source: string; name: string }): string {
  return migrationKey(migration.source, migration.name)
}
