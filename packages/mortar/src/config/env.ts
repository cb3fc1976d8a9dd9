import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { configErrors } from './errors.js'

/**
 * Loads `<root>/.env` into `process.env`. Variables already set in the environment win, so a
 * deployment can override the file. A missing file is fine; an unreadable one is an error.
 */
export function loadEnvFile(root: string): void {
  const file = join(root, '.env')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw configErrors.E_ENV_FILE(file, error)
  }
  const values = parseEnv(text)
  for (const [key, value] of Object.entries(values)) {
    if (process.env[key] !== undefined || value === undefined) continue
    process.env[key] = value
    fromEnvFiles.set(key, value)
  }
}

// The variables a .env file filled in, so that the resolved environment can tell the process's
// own APP_ENV from one the file supplied. Kept on globalThis, as process.env is process-wide and
// several copies of mortar may share it.
const FILLED = Symbol.for('mortar.envFileValues')
const fromEnvFiles: Map<string, string> = ((globalThis as Record<symbol, unknown>)[FILLED] as Map<string, string> | undefined) ?? new Map()
;(globalThis as Record<symbol, unknown>)[FILLED] = fromEnvFiles

/** A variable as the process was given it: undefined when unset, empty, or copied from a .env file. */
export function processValue(key: string): string | undefined {
  const value = process.env[key]
  if (value === undefined || value === '' || fromEnvFiles.get(key) === value) return undefined
  return value
}

/**
 * Reads an environment variable. With a fallback, the value is cast to the fallback's type:
 * `env('PORT', 8000)` is a number, `env('DEBUG', false)` is a boolean (`true`, `1`, `yes`, `on`).
 *
 * @example
 * export default { name: env('APP_NAME', 'Mortar'), debug: env('APP_DEBUG', false) }
 */
export function env(key: string): string | undefined
export function env<T extends string | number | boolean | null>(
  key: string,
  fallback: T,
): T extends number ? number : T extends boolean ? boolean : string | T
export function env(key: string, fallback?: string | number | boolean | null): unknown {
  const value = process.env[key]
  if (value === undefined || value === '') return fallback
  if (typeof fallback === 'number') {
    const number = Number(value)
    return Number.isNaN(number) ? fallback : number
  }
  if (typeof fallback === 'boolean') return ['true', '1', 'yes', 'on'].includes(value.toLowerCase())
  return value
}
