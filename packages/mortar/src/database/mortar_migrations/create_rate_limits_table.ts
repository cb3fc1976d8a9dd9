import type { Kysely } from 'kysely'

// Mortar's own migration (source "mortar"): the table of the rate limiter's database store. It may
// already exist, made on first use outside production (see docs/security.md, rate limiting).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .ifNotExists()
    .addColumn('key', 'varchar(255)', (column) => column.primaryKey())
    .addColumn('hits', 'integer', (column) => column.notNull())
    .addColumn('reset_at', 'bigint', (column) => column.notNull())
    .execute()
  await db.schema.createIndex('rate_limits_reset_at_index').ifNotExists().on('rate_limits').column('reset_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').ifExists().execute()
}
