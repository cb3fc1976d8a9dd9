import type { Kysely } from 'kysely'
import type { Dialect } from './connection.js'
import { kyselyModule } from './kysely_module.js'

/** The table that records which migrations ran, in which batch. */
export const LEDGER_TABLE = 'mortar_migrations'

/** One row of `mortar_migrations`. */
export interface LedgerRecord {
  id: number
  source: string
  name: string
  batch: number
  migratedAt: Date
}

/** Creates the ledger table when it is missing; call it only while holding the migration lock. */
export async function ensureLedger(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable(LEDGER_TABLE)
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) =>
      dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn('source', 'varchar(255)', (column) => column.notNull())
    .addColumn('name', 'varchar(255)', (column) => column.notNull())
    .addColumn('batch', 'integer', (column) => column.notNull())
    .addColumn('migrated_at', dialect === 'postgres' ? 'timestamptz' : 'text', (column) => column.notNull())
    .addUniqueConstraint(`${LEDGER_TABLE}_source_name_unique`, ['source', 'name'])
    .execute()
}

/** True when the ledger table exists (read-only commands must not create it). */
export async function ledgerExists(db: Kysely<any>, dialect: Dialect): Promise<boolean> {
  const { sql } = kyselyModule()
  const query =
    dialect === 'postgres'
      ? sql<{ present: boolean }>`select to_regclass(${LEDGER_TABLE}) is not null as present`
      : sql<{ present: number }>`select count(*) as present from sqlite_master where type = 'table' and name = ${LEDGER_TABLE}`
  const { rows } = await query.execute(db)
  return Boolean(rows[0]?.present)
}

/** Every record, oldest first; none when the table does not exist yet. */
export async function readLedger(db: Kysely<any>, dialect: Dialect): Promise<LedgerRecord[]> {
  if (!(await ledgerExists(db, dialect))) return []
  const rows = await db.selectFrom(LEDGER_TABLE).selectAll().orderBy('batch').orderBy('id').execute()
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
  await db.insertInto(LEDGER_TABLE).values({ source, name, batch, migrated_at: new Date().toISOString() }).execute()
}

/** Forgets that `(source, name)` ran. */
export async function recordRolledBack(db: Kysely<any>, source: string, name: string): Promise<void> {
  await db.deleteFrom(LEDGER_TABLE).where('source', '=', source).where('name', '=', name).execute()
}
