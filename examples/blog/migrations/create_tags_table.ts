import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>) {
  // SQLite numbers an `integer primary key` by itself; PostgreSQL needs `serial`.
  const idType = db.getExecutor().adapter.constructor.name === 'PostgresAdapter' ? 'serial' : 'integer'
  await db.schema
    .createTable('tags')
    .addColumn('id', idType, (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .execute()
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('tags').execute()
}
