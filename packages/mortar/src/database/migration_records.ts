import type { Kysely } from 'kysely'
import type { Dialect } from './connection.js'
import { kyselyModule } from './kysely_module.js'

/** The table that records which migrations ran, in which batch. */
export const MIGRATIONS_TABLE = 'mortar_migrations'

/** One row of `mortar_migrations`. */
export interface MigrationRecord {
  id: number
  source: string
  name: string
  batch: number
  migratedAt: Date
}

/** Creates the migrations table when it is missing; call it only while holding the migration lock. */
export async function ensureMigrationsTable(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable(MIGRATIONS_TABLE)
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) =>
      dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn('source', 'varchar(255)', (column) => column.notNull())
    .addColumn('name', 'varchar(255)', (column) => column.notNull())
    .addColumn('batch', 'integer', (column) => column.notNull())
    .addColumn('migrated_at', dialect === 'postgres' ? 'timestamptz' : 'text', (column) => column.notNull())
    .addUniqueConstraint(`${MIGRATIONS_TABLE}_source_name_unique`, ['source', 'name'])
    .execute()
}

/** True when the migrations table exists (read-only commands must not create it). */
export async function migrationsTableExists(db: Kysely<any>, dialect: Dialect): Promise<boolean> {
  const { sql } = kyselyModule()
  const query =
    dialect === 'postgres'
      ? sql<{ present: boolean }>`select to_regclass(${MIGRATIONS_TABLE}) is not null as present`
      : sql<{ present: number }>`select count(*) as present from sqlite_master where type = 'table' and name = ${MIGRATIONS_TABLE}`
  const { rows } = await query.execute(db)
  return Boolean(rows[0]?.present)
}

/** Every record, oldest first; none when the table does not exist yet. */
export async function readMigrationRecords(db: Kysely<any>, dialect: Dialect): Promise<MigrationRecord[]> {
  if (!(await migrationsTableExists(db, dialect))) return []
  const rows = await db.selectFrom(MIGRATIONS_TABLE).selectAll().orderBy('batch').orderBy('id').execute()
  return rows.map((row) => ({
    id: Number(row.id),
    source: row.source,
    name: row.name,
    batch: Number(row.batch),
    migratedAt: new Date(row.migrated_at),
  }))
}

/** Records that `(source, name)` ran in `batch`. */
export async function recordApplied(db: Kysely<any>, source: string, name: string, batch: number): Promise<void> {
  await db.insertInto(MIGRATIONS_TABLE).values({ source, name, batch, migrated_at: new Date().toISOString() }).execute()
}

/** Forgets that `(source, name)` ran. */
export async function recordRolledBack(db: Kysely<any>, source: string, name: string): Promise<void> {
  await db.deleteFrom(MIGRATIONS_TABLE).where('source', '=', source).where('name', '=', name).execute()
}
