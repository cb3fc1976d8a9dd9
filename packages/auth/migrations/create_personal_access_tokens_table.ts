import type { Kysely } from 'mortar'

// API tokens (`Authorization: Bearer <id>|<secret>`): looked up by id, the secret kept as a SHA-256 digest.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('personal_access_tokens')
    .addColumn('id', db.getExecutor().adapter.constructor.name === 'PostgresAdapter' ? 'serial' : 'integer', (column) =>
      column.primaryKey(),
    )
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('token_hash', 'text', (column) => column.notNull())
    .addColumn('abilities', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute()
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('personal_access_tokens').execute()
}
