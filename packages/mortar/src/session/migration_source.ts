import { fileURLToPath } from 'node:url'
import type { MigrationSource } from '../database/index.js'

/** The name Mortar's own migrations are recorded under, like a package's. */
export const MORTAR_SOURCE = 'mortar'

/** Mortar's own migrations: the sessions table of the database driver. */
export function mortarMigrationSource(): MigrationSource {
  // Beside this module: .ts when Mortar runs from source, .js from its build.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js'
  return { name: MORTAR_SOURCE, files: [fileURLToPath(new URL(`./migrations/create_sessions_table.${extension}`, import.meta.url))] }
}
