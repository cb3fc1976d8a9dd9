import { randomBytes } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Application } from '../app/application.js'
import { securityErrors } from './errors.js'

/** Bytes of secret an app key must hold: 32, what AES-256 needs. */
export const APP_KEY_BYTES = 32

/**
 * A new random app key, written as `base64:<44 characters>` (32 random bytes).
 *
 * @example
 * generateAppKey() // 'base64:8dF…='
 */
export function generateAppKey(): string {
  return `base64:${randomBytes(APP_KEY_BYTES).toString('base64')}`
}

/** The secret bytes of a key string: `base64:…` decoded, anything else as UTF-8; undefined when too short. */
export function keyBytes(key: string | undefined): Buffer | undefined {
  if (!key) return undefined
  const bytes = key.startsWith('base64:') ? Buffer.from(key.slice(7), 'base64') : Buffer.from(key, 'utf8')
  return bytes.length >= APP_KEY_BYTES ? bytes : undefined
}

/** The app's current key and the previous ones that still decrypt (APP_PREVIOUS_KEYS). */
export interface AppKeys {
  current: Buffer
  previous: Buffer[]
}

/**
 * Reads the app's keys from `config('app.key')` / `APP_KEY` and `config('app.previous_keys')` /
 * `APP_PREVIOUS_KEYS` (comma-separated). A missing or short key stops a production app with
 * `E_APP_KEY_MISSING`; in development one is generated, written to `.env` and announced; in tests
 * a random key lives as long as the application.
 */
export function resolveAppKeys(app: Application): AppKeys {
  const configured = app.config.get<string | undefined>('app.key') ?? process.env.APP_KEY
  const previousSetting = app.config.get<string | string[] | undefined>('app.previous_keys') ?? process.env.APP_PREVIOUS_KEYS ?? ''
  const previous = (Array.isArray(previousSetting) ? previousSetting : previousSetting.split(','))
    .map((key) => keyBytes(key.trim()))
    .filter((key): key is Buffer => key !== undefined)
  const current = keyBytes(configured)
  if (current) return { current, previous }
  const problem = configured ? `APP_KEY is shorter than ${APP_KEY_BYTES} bytes` : 'APP_KEY is not set'
  if (app.isProduction) {
    throw securityErrors.E_APP_KEY_MISSING(problem)
  }
  const key = generateAppKey()
  if (app.isDevelopment) {
    writeEnvValue(app.root, 'APP_KEY', key)
    console.warn(`${problem}: generated one and wrote it to .env (development only; run \`craft key:generate\` yourself for production)`)
  }
  app.config.set('app.key', key)
  return { current: keyBytes(key) as Buffer, previous }
}

/**
 * Sets `NAME=value` in the app's `.env`, replacing the line that sets it or appending one, written
 * to a temp file and renamed.
 */
export function writeEnvValue(root: string, name: string, value: string): void {
  const file = join(root, '.env')
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const line = `${name}=${value}`
  const pattern = new RegExp(`^${name}=.*$`, 'm')
  const next = pattern.test(text) ? text.replace(pattern, line) : `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, next)
  renameSync(temp, file)
}

/** The value `NAME=` has in the app's `.env` (undefined when unset or empty). */
export function readEnvValue(root: string, name: string): string | undefined {
  let text: string
  try {
    text = readFileSync(join(root, '.env'), 'utf8')
  } catch {
    return undefined
  }
  const match = new RegExp(`^${name}=(.*)$`, 'm').exec(text)
  const value = match?.[1]?.trim().replace(/^(['"])(.*)\1$/, '$2')
  return value === '' ? undefined : value
}
