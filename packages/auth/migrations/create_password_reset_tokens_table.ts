import type { Kysely } from 'mortar'

// One row per reset link sent: the link's secret as a SHA-256 digest, deleted when the link is used.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('id', db.getExecutor().adapter.constructor.name === 'PostgresAdapter' ? 'serial' : 'integer', (column) =>
      column.primaryKey(),
    )
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute()
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('password_reset_tokens').execute()
}
