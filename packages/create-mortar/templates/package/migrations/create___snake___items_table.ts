import type { Kysely } from 'kysely'

// `npx craft migrate` runs this in every app that installs __npmName__, recorded as the __name__
// package's migration; it runs once, whether or not the app publishes it.
export async function up(db: Kysely<any>) {
  // SQLite numbers an `integer primary key` by itself; PostgreSQL needs `serial`.
  const idType = db.getExecutor().adapter.constructor.name === 'PostgresAdapter' ? 'serial' : 'integer'
  await db.schema
    .createTable('__snake___items')
    .addColumn('id', idType, (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute()
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('__snake___items').execute()
}
