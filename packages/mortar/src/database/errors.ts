import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of the database: connections, the SQLite drivers and migrations. */
export const databaseErrors = defineErrors({
  E_DATABASE_CONFIG: freeMessage('The database configuration or DATABASE_URL is invalid'),
  E_DATABASE_CLOSED: {
    description: 'The database was used after the application shut down',
    message: 'The database was closed (the application shut down)',
  },
  E_SQLITE_NOT_BUILT: freeMessage("better-sqlite3's native build is missing (its install script did not run) or made for another Node.js"),
  E_SQLITE_DRIVER_MISSING: freeMessage('The app needs better-sqlite3 (no node:sqlite, or driver says so) and it is not installed'),
  E_MIGRATION_FAILED: {
    description: 'A migration threw; the whole batch was rolled back',
    message: (migration: { name: string; source: string; file: string }, direction: 'up' | 'down', cause: unknown) =>
      `Migration "${migration.name}" of ${migration.source} failed (${direction}, ${migration.file}): ${(cause as Error)?.message ?? cause}. ${
        direction === 'up' ? 'Nothing was applied: the whole batch was rolled back' : 'Nothing was rolled back'
      }.`,
    hint: 'Fix the migration and run the command again.',
    cause: (_migration: unknown, _direction: string, cause: unknown) => cause,
  },
  E_MIGRATION_INVALID: freeMessage('A migration file does not export up() and down(), or two files or sources share a name'),
  E_MIGRATION_MISSING: {
    description: 'An applied migration has no file any more and cannot be rolled back',
    message: (record: { name: string; source: string; batch: number }, _fromApp: boolean) =>
      `Migration "${record.name}" of ${record.source} (batch ${record.batch}) is applied but its file is gone, so it cannot be rolled back. Nothing was rolled back.`,
    hint: (record: { source: string }, fromApp: boolean) =>
      fromApp
        ? 'Restore the file in databases/migrations/, or delete its row from mortar_migrations if its changes are already undone.'
        : `Reinstall the package "${record.source}" (or restore its published copy), or delete its row from mortar_migrations if its changes are already undone.`,
  },
  E_MIGRATION_SOURCE_UNKNOWN: {
    description: 'No migration source by that name',
    message: (source: string, known: string[], _appSource: string) =>
      `No migration source named "${source}". Known sources: ${known.join(', ') || 'none'}.`,
    hint: (_source: string, _known: string[], appSource: string) =>
      `Use "${appSource}" for the application's own migrations, or a package's name.`,
  },
  E_MIGRATION_STEPS_INVALID: {
    description: 'The migrator was asked to roll back a number of batches that is not a whole number of at least 1',
    message: (steps: number) => `The number of batches to roll back must be a whole number of at least 1, not ${steps}.`,
  },
})
