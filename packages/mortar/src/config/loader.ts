import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { APP_LAYOUT } from '../app/layout.js'
import { errorSummary } from '../errors.js'
import type { Importer } from '../support/import_file.js'
import { configErrors } from './errors.js'
import { isPlainObject } from './merge.js'

/** Config files that are not configuration values. */
const NOT_VALUES = new Set(['providers'])

/**
 * Imports a config module and returns its values: the default export, an object or a function
 * returning one. Any failure names the file.
 */
export async function loadConfigFile(file: string, importer: Importer, label = file): Promise<Record<string, unknown>> {
  let module: { default?: unknown }
  try {
    module = await importer.import(file)
  } catch (error) {
    throw configErrors.E_CONFIG_LOAD(`Cannot load ${label}: ${errorSummary(error)}`, {
      cause: error,
      hint: 'Fix the file; run with --verbose for the stack.',
    })
  }
  const value = typeof module.default === 'function' ? await module.default() : module.default
  if (!isPlainObject(value)) {
    throw configErrors.E_CONFIG_LOAD(`Cannot load ${label}: its default export must be an object of settings`, {
      hint: 'Write `export default { key: value }`.',
    })
  }
  return value
}

/** Every `config/*.ts` (or .js) of the application, keyed by file name: `config/app.ts` → `app`. */
export async function loadAppConfig(root: string, importer: Importer): Promise<Record<string, unknown>> {
  const folder = join(root, APP_LAYOUT.config)
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return {}
  }
  const values: Record<string, unknown> = {}
  for (const name of names.sort()) {
    const match = /^([\w-]+)\.(ts|js|mjs|mts)$/.exec(name)
    if (!match || name.endsWith('.d.ts') || NOT_VALUES.has(match[1])) continue
    values[match[1]] = await loadConfigFile(join(folder, name), importer, `config/${name}`)
  }
  return values
}
