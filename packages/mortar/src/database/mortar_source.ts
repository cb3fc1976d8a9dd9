import { fileURLToPath } from 'node:url'
import type { MigrationSource } from './sources.js'

/** The name Mortar's own migrations are recorded under, like a package's. */
export const MORTAR_SOURCE = 'mortar'

/** Mortar's own migrations, in order. */
const MIGRATIONS = ['create_sessions_table', 'create_rate_limits_table']

/** Mortar's own migrations: the tables of the database session driver and of the rate limiter. */
export function mortarMigrationSource(): MigrationSource {
  // Beside this module: .ts when Mortar runs from source, .js from its build.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js'
  return {
    name: MORTAR_SOURCE,
    files: MIGRATIONS.map((name) => fileURLToPath(new URL(`./mortar_migrations/${name}.${extension}`, import.meta.url))),
  }
}
