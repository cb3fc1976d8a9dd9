import type { Kysely } from 'kysely'

// Mortar's own migration (source "mortar"): the table of the database session driver. It may
// already exist, made on first use by a new app in development (see docs/sessions.md).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('payload', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('last_activity', 'bigint', (column) => column.notNull())
    .execute()
  await db.schema.createIndex('sessions_last_activity_index').ifNotExists().on('sessions').column('last_activity').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sessions').ifExists().execute()
}
