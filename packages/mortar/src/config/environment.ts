import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { processValue } from './env.js'
import { configErrors } from './errors.js'

/** Where an application runs. */
export type Environment = 'development' | 'production' | 'test'

/**
 * Where the environment came from: the process's `APP_ENV`, the process's `NODE_ENV`, `APP_ENV`
 * in the app's `.env`, nothing (`default`), or the code that made the application (`given`, as
 * `createTestApp()` gives `test`).
 */
export type EnvironmentSource = 'APP_ENV' | 'NODE_ENV' | '.env' | 'default' | 'given'

/** The one environment everything reads (serve mode, error pages, dev-only packages), and its source. */
export interface ResolvedEnvironment {
  name: Environment
  source: EnvironmentSource
}

const NAMES: Record<string, Environment> = {
  production: 'production',
  prod: 'production',
  development: 'development',
  dev: 'development',
  local: 'development',
  test: 'test',
  testing: 'test',
}

/**
 * The environment of the app at `root`: `APP_ENV` from the process environment, then `NODE_ENV`
 * from the process environment, then `APP_ENV` from `.env`, else development. A variable set in
 * the real environment beats the `.env` default, as dotenv and Laravel have it, so
 * `NODE_ENV=production` is production even when `.env` says `APP_ENV=development`. Values Mortar
 * copied from a `.env` into `process.env` do not count as the process's own.
 */
export function resolveEnvironment(root: string): ResolvedEnvironment {
  const appEnv = processValue('APP_ENV')
  if (appEnv) return { name: parse(appEnv, 'APP_ENV'), source: 'APP_ENV' }
  const nodeEnv = processValue('NODE_ENV')
  if (nodeEnv) return { name: parse(nodeEnv, 'NODE_ENV'), source: 'NODE_ENV' }
  const fileEnv = envFileValue(root, 'APP_ENV')
  if (fileEnv) return { name: parse(fileEnv, 'APP_ENV in .env'), source: '.env' }
  return { name: 'development', source: 'default' }
}

/** How `craft serve` names it: `production (NODE_ENV)`, `development (APP_ENV in .env)`. */
export function describeEnvironment(resolved: ResolvedEnvironment): string {
  const where = { APP_ENV: 'APP_ENV', NODE_ENV: 'NODE_ENV', '.env': 'APP_ENV in .env', default: 'default', given: 'set by the caller' }
  return `${resolved.name} (${where[resolved.source]})`
}

function parse(value: string, where: string): Environment {
  const name = NAMES[value.trim().toLowerCase()]
  if (!name) {
    throw configErrors.E_ENVIRONMENT_UNKNOWN(where, value)
  }
  return name
}

function envFileValue(root: string, key: string): string | undefined {
  let text: string
  try {
    text = readFileSync(join(root, '.env'), 'utf8')
  } catch {
    // Missing or unreadable: loading the app reports an unreadable .env with E_ENV_FILE.
    return undefined
  }
  return parseEnv(text)[key] || undefined
}

/**
 * Whether error pages show messages and stacks: `app.debug` from config, which defaults to on
 * except in production. Debug in production would show them to anyone, so a production start
 * with it on is refused unless `APP_DEBUG_IN_PRODUCTION=true` says it is meant.
 */
export function debugMode(environment: ResolvedEnvironment, configured: unknown): boolean {
  const debug = configured === undefined ? environment.name !== 'production' : configured === true || configured === 'true'
  if (debug && environment.name === 'production' && !['true', '1'].includes(process.env.APP_DEBUG_IN_PRODUCTION ?? '')) {
    throw configErrors.E_DEBUG_IN_PRODUCTION(describeEnvironment(environment))
  }
  return debug
}
