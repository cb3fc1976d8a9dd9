/**
 * The database layer: connections (SQLite, PostgreSQL), migration sources and the migrator.
 * The kernel builds one `Database` from `config/database.ts` and one `Migrator` per `craft migrate*`.
 */

export type { Database, DatabaseConfig, DatabaseTarget, Dialect } from './connection.js'
export { createDatabase, parseDatabaseUrl, redactUrl } from './connection.js'
export type { PublishedMigrationHeader } from './migration_header.js'
export {
  migrationName,
  migrationTimestamp,
  parsePublishedHeader,
  publishedMigrationFileName,
  publishedMigrationHeader,
  readPublishedHeader,
  withPublishedHeader,
} from './migration_header.js'
export { withMigrationLock } from './migration_lock.js'
export { MIGRATIONS_TABLE } from './migration_records.js'
export type { Migration, MigrationResult, MigrationStatus, RollbackOptions } from './migrator.js'
export { Migrator } from './migrator.js'
export type { MigrationSource, PlannedMigration } from './sources.js'
export { APP_MIGRATIONS_FOLDER, APP_SOURCE, appMigrationSource, planMigrations } from './sources.js'
export type { SqliteDriver } from './sqlite/index.js'
export { defaultSqliteDriver } from './sqlite/index.js'
