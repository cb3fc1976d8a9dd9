import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { InstallRecord } from '../publishing/index.js'
import { writeFileAtomic } from '../support/fs.js'
import { sha256 } from '../support/sha256.js'
import { addToBlock, envLine, envValues, removeKeys } from './env_file.js'
import { fillPlaceholders, type InstallRecipe, stubPlaceholders } from './install_recipe.js'

/**
 * The env and stub steps of an install recipe, and their undoing by remove. Each step is
 * idempotent: a key already set and a stub already copied are left as they are.
 */

/** What an env step did (or, dry, would do) to one key. */
export interface EnvOutcome {
  key: string
  /** `added`: written by this install; `kept`: already set, left as it was; `secret`: a fresh secret added. */
  state: 'added' | 'secret' | 'kept'
}

/** What a stub step did (or would do): `written`, `unchanged` (copied before: it is the app's) or `skipped` (a file of yours is there). */
export interface StubOutcome {
  destination: string
  state: 'written' | 'unchanged' | 'skipped'
}

/** What remove did (or would do) to one env key or stub: `deleted`, `kept` (you changed it) or `missing`. */
export interface UndoOutcome {
  what: string
  state: 'deleted' | 'kept' | 'missing'
}

const ENV = '.env'
const EXAMPLE = '.env.example'

/** The app path each stub goes to, placeholders filled. */
export function stubDestinations(recipe: InstallRecipe, packageName: string): { source: string; destination: string }[] {
  const values = stubPlaceholders(packageName)
  return recipe.stubs.map((stub) => ({ source: stub.source, destination: fillPlaceholders(stub.destination, values) }))
}

/** Adds the recipe's env keys not yet set; fills `record.env` with hashes of what it wrote. */
export async function applyEnv(
  root: string,
  npmName: string,
  recipe: InstallRecipe,
  record: InstallRecord,
  dry = false,
): Promise<EnvOutcome[]> {
  const env = read(root, ENV)
  const example = read(root, EXAMPLE)
  const set = envValues(env)
  const documented = envValues(example)
  const envLines: string[] = []
  const exampleLines: string[] = []
  const outcomes: EnvOutcome[] = []
  for (const [key, wanted] of Object.entries(recipe.env)) {
    const secret = typeof wanted !== 'string'
    const hashes = record.env[key] ?? {}
    if (set[key] !== undefined) {
      outcomes.push({ key, state: 'kept' })
    } else {
      const value = secret ? randomBytes(32).toString('base64url') : wanted
      envLines.push(envLine(key, value))
      hashes.env = envHash(key, value)
      outcomes.push({ key, state: secret ? 'secret' : 'added' })
    }
    if (documented[key] === undefined) {
      const value = secret ? '' : wanted
      exampleLines.push(envLine(key, value))
      hashes.example = envHash(key, value)
    }
    if (hashes.env || hashes.example) record.env[key] = hashes
  }
  if (!dry) {
    if (envLines.length) await writeFileAtomic(join(root, ENV), addToBlock(env, npmName, envLines))
    if (exampleLines.length) await writeFileAtomic(join(root, EXAMPLE), addToBlock(example, npmName, exampleLines))
  }
  return outcomes
}

/** Copies the stubs not copied before; fills `record.stubs`. */
export async function applyStubs(
  root: string,
  packageName: string,
  packageRoot: string,
  recipe: InstallRecipe,
  record: InstallRecord,
  dry = false,
): Promise<StubOutcome[]> {
  const values = stubPlaceholders(packageName)
  const outcomes: StubOutcome[] = []
  for (const { source, destination } of stubDestinations(recipe, packageName)) {
    if (record.stubs[destination]) {
      outcomes.push({ destination, state: 'unchanged' })
    } else if (existsSync(join(root, destination))) {
      outcomes.push({ destination, state: 'skipped' })
    } else {
      const text = fillPlaceholders(readFileSync(source, 'utf8'), values)
      if (!dry) await writeFileAtomic(join(root, destination), text)
      record.stubs[destination] = { source: relative(packageRoot, source).split(sep).join('/'), written: sha256(text) }
      outcomes.push({ destination, state: 'written' })
    }
  }
  return outcomes
}

/** Takes out the env lines install added that still hold what it wrote; lists the others. */
export async function undoEnv(root: string, npmName: string, record: InstallRecord, dry = false): Promise<UndoOutcome[]> {
  const outcomes: UndoOutcome[] = []
  for (const [file, field] of [
    [ENV, 'env'],
    [EXAMPLE, 'example'],
  ] as const) {
    const text = read(root, file)
    const values = envValues(text)
    const drop: string[] = []
    for (const [key, hashes] of Object.entries(record.env)) {
      const hash = hashes[field]
      if (!hash) continue
      const current = values[key]
      const what = `${file} ${key}`
      if (current === undefined) outcomes.push({ what, state: 'missing' })
      else if (envHash(key, current) === hash) {
        drop.push(key)
        outcomes.push({ what, state: 'deleted' })
      } else outcomes.push({ what, state: 'kept' })
    }
    if (!dry && drop.length) await writeFileAtomic(join(root, file), removeKeys(text, npmName, drop))
  }
  return outcomes
}

/** Deletes the stubs install copied that you have not changed; lists the others. */
export async function undoStubs(root: string, record: InstallRecord, dry = false): Promise<UndoOutcome[]> {
  const outcomes: UndoOutcome[] = []
  for (const [destination, stub] of Object.entries(record.stubs).sort(([a], [b]) => a.localeCompare(b))) {
    const path = join(root, destination)
    if (!existsSync(path)) outcomes.push({ what: destination, state: 'missing' })
    else if (sha256(readFileSync(path, 'utf8')) === stub.written) {
      if (!dry) rmSync(path)
      outcomes.push({ what: destination, state: 'deleted' })
    } else outcomes.push({ what: destination, state: 'kept' })
  }
  return outcomes
}

/** The app paths remove may touch for a record: its stubs. */
export function recordPaths(record: InstallRecord | undefined): string[] {
  return Object.keys(record?.stubs ?? {})
}

/** An empty record for a package about to be installed (or the one it already has). */
export function startRecord(existing: InstallRecord | undefined, npmName: string, version: string, explicit: boolean): InstallRecord {
  return {
    npmName,
    version,
    explicit: explicit || Boolean(existing?.explicit),
    requires: [],
    env: structuredClone(existing?.env ?? {}),
    stubs: structuredClone(existing?.stubs ?? {}),
    registered: existing?.registered ?? false,
    installedAt: existing?.installedAt ?? new Date().toISOString(),
  }
}

// The key is part of what is hashed, so two keys with one value do not share a hash.
function envHash(key: string, value: string): string {
  return sha256(`${key}=${value}`)
}

function read(root: string, file: string): string {
  const path = join(root, file)
  return existsSync(path) ? readFileSync(path, 'utf8') : ''
}
