import type { Kysely } from 'kysely'
import type { Dialect } from './connection.js'
import { kyselyModule } from './kysely_module.js'

/**
 * Drops every table, view and trigger (SQLite), or every table, view, sequence, type and routine
 * in the current schema that no extension owns (PostgreSQL). For `migrate:fresh`: run it inside
 * {@link withMigrationLock}, with foreign keys off on SQLite.
 */
export async function dropAllObjects(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await dropAllSqlite(db)
  else await dropAllPostgres(db)
}

async function dropAllSqlite(db: Kysely<any>): Promise<void> {
  const { sql } = kyselyModule()
  const { rows } = await sql<{ type: string; name: string; virtual: number }>`
    select type, name, coalesce(sql like 'create virtual%', 0) as virtual from sqlite_master
    where type in ('table', 'view') and name not like 'sqlite\\_%' escape '\\'
    order by type = 'table', virtual desc`.execute(db)
  // Views first, then virtual tables (which take their shadow tables with them), then the rest.
  for (const { type, name } of rows) {
    await sql`drop ${sql.raw(type)} if exists ${sql.id(name)}`.execute(db)
  }
}

async function dropAllPostgres(db: Kysely<any>): Promise<void> {
  const { sql } = kyselyModule()
  const currentSchema = sql`(select oid from pg_namespace where nspname = current_schema())`
  const notFromExtension = sql`not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')`
  const { rows: relations } = await sql<{ name: string; kind: string }>`
    select c.relname as name, c.relkind as kind from pg_class c
    where c.relnamespace = ${currentSchema} and c.relkind in ('r', 'p', 'f', 'v', 'm', 'S') and ${notFromExtension}`.execute(db)
  const drops: [string, string[]][] = [
    ['table', relations.filter((r) => r.kind === 'r' || r.kind === 'p').map((r) => r.name)],
    ['foreign table', relations.filter((r) => r.kind === 'f').map((r) => r.name)],
    ['view', relations.filter((r) => r.kind === 'v').map((r) => r.name)],
    ['materialized view', relations.filter((r) => r.kind === 'm').map((r) => r.name)],
    ['sequence', relations.filter((r) => r.kind === 'S').map((r) => r.name)],
  ]
  // `cascade` with `if exists`: dropping a table also drops the views and sequences that hang on it.
  for (const [kind, names] of drops) {
    if (names.length === 0) continue
    await sql`drop ${sql.raw(kind)} if exists ${sql.join(names.map((name) => sql.id(name)))} cascade`.execute(db)
  }

  const { rows: routines } = await sql<{ signature: string; kind: string }>`
    select c.oid::regprocedure::text as signature, c.prokind as kind from pg_proc c
    where c.pronamespace = ${currentSchema} and ${notFromExtension}`.execute(db)
  const routineKinds: Record<string, string> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'function' }
  for (const { signature, kind } of routines) {
    await sql`drop ${sql.raw(routineKinds[kind] ?? 'function')} if exists ${sql.raw(signature)} cascade`.execute(db)
  }

  // Enums, domains, ranges (their multirange goes with them) and standalone composite types; a
  // table's own row type went with the table.
  const { rows: types } = await sql<{ name: string; kind: string }>`
    select c.typname as name, c.typtype as kind from pg_type c
    where c.typnamespace = ${currentSchema} and ${notFromExtension}
      and (c.typtype in ('e', 'd', 'r') or (c.typtype = 'c' and (select relkind from pg_class where oid = c.typrelid) = 'c'))`.execute(db)
  for (const { name, kind } of types) {
    await sql`drop ${sql.raw(kind === 'd' ? 'domain' : 'type')} if exists ${sql.id(name)} cascade`.execute(db)
  }
}
