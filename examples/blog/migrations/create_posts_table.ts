import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>) {
  // SQLite numbers an `integer primary key` by itself; PostgreSQL needs `serial`.
  const idType = db.getExecutor().adapter.constructor.name === 'PostgresAdapter' ? 'serial' : 'integer'
  await db.schema
    .createTable('posts')
    .addColumn('id', idType, (column) => column.primaryKey())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull().defaultTo(''))
    // Who wrote it (a name), when the app knows: with @mortar/auth, the user logged in.
    .addColumn('author', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute()
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('posts').execute()
}
