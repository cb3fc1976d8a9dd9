import type { Kysely } from 'mortar'

// The accounts of the app. Emails are stored lower-cased and unique; passwords as core `hash` strings.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('users')
    .addColumn('id', db.getExecutor().adapter.constructor.name === 'PostgresAdapter' ? 'serial' : 'integer', (column) =>
      column.primaryKey(),
    )
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('email', 'text', (column) => column.notNull().unique())
    .addColumn('password', 'text', (column) => column.notNull())
    .addColumn('email_verified_at', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute()
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('users').execute()
}
