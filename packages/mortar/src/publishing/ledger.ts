import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { APP_LAYOUT } from '../app/layout.js'
import type { MortarError } from '../errors.js'
import { writeFileAtomic } from '../support/fs.js'
import { SHA256_PATTERN } from '../support/sha256.js'
import { publishingErrors } from './errors.js'
import {
  normaliseDestination,
  type PreparedFile,
  PUBLISHABLE_RESOURCES,
  type PublishableFile,
  type PublishableResource,
  sourceKey,
} from './publishable_file.js'

/** The folder, committed with the app, that holds the ledger, the base store and the lock. */
export const MORTAR_FOLDER = APP_LAYOUT.mortar

/** The command a corrupt-ledger error tells the user to run (the craft command wires it). */
export const REBUILD_LEDGER_COMMAND = 'craft package:rebuild-ledger'

/** An update that stopped on a conflict: where the file would move once the user resolves it. */
export interface PendingUpdate {
  version: string
  upstream: string
  written: string
}

/**
 * What the ledger knows of one published file. `written` is the hash of what publishing wrote
 * and names the base kept in `.mortar/base/` for later three-way merges.
 */
export interface LedgerEntry {
  package: string
  version: string
  resource: PublishableResource
  sourcePath: string
  destination: string
  /** sha256 of the package's source at `version`. */
  upstream: string
  /** sha256 of what was written (after the transform, with LF line endings). */
  written: string
  publishedAt: string
  /** Set while a conflict from `package:update` is unresolved; the fields above stay put. */
  pending?: PendingUpdate
  /** Published on its own with `--only`: new files of its resource are not added by update. */
  selected?: true
}

/**
 * What `craft package:install` did for one package, so that `craft package:remove` can undo it:
 * the env keys it added (with a hash of each value it wrote, never the value), the stubs it copied,
 * whether it added the package to `config/providers.ts`, and the packages it required.
 */
export interface InstallRecord {
  npmName: string
  version: string
  /** Installed by you (true), or only because another package required it. */
  explicit: boolean
  /** npm names of the packages its recipe required. */
  requires: string[]
  /** Per key: sha256 of the value written to `.env` and to `.env.example` (absent: not written there). */
  env: Record<string, { env?: string; example?: string }>
  /** Per app path: the package file it came from and sha256 of what was written. */
  stubs: Record<string, { source: string; written: string }>
  /** True when install added the package to `config/providers.ts`. */
  registered: boolean
  installedAt: string
}

/** The ledger file's contents: entries keyed by destination; `installs` by package name (optional). */
export interface Ledger {
  version: 1
  files: Record<string, LedgerEntry>
  installs?: Record<string, InstallRecord>
}

/** `<app>/.mortar/ledger.json`. */
export function ledgerPath(appRoot: string): string {
  return join(appRoot, MORTAR_FOLDER, 'ledger.json')
}

/** A ledger with nothing published. */
export function emptyLedger(): Ledger {
  return { version: 1, files: {} }
}

/**
 * Reads the app's ledger; an app that never published has an empty one. A file that is not JSON
 * or not a valid ledger is `E_LEDGER_CORRUPT`, naming the file and how to rebuild it.
 */
export async function readLedger(appRoot: string): Promise<Ledger> {
  const path = ledgerPath(appRoot)
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger()
    throw error
  }
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch (error) {
    const why = /^<{7} /m.test(raw) ? 'it holds git merge conflict markers' : 'it is not valid JSON'
    throw corrupt(path, why, error)
  }
  const problem = ledgerProblem(data)
  if (problem) throw corrupt(path, problem)
  return data as Ledger
}

/** Writes the ledger atomically, pretty-printed with sorted keys so its git diffs stay small. */
export async function writeLedger(appRoot: string, ledger: Ledger): Promise<void> {
  await writeFileAtomic(ledgerPath(appRoot), `${JSON.stringify(sortKeys(ledger), null, 2)}\n`)
}

/** The ledger entries of one package. */
export function entriesOf(ledger: Ledger, packageName: string): LedgerEntry[] {
  return Object.values(ledger.files).filter((entry) => entry.package === packageName)
}

/** Ledger entries keyed by package and source path, to pair them with the package's files. */
export function entriesBySource(ledger: Ledger): Map<string, LedgerEntry> {
  return new Map(Object.values(ledger.files).map((entry) => [sourceKey(entry), entry]))
}

/** The entry recording that `prepared` was published from `file` to `destination`. */
export function ledgerEntry(file: PublishableFile, destination: string, prepared: PreparedFile, now: Date): LedgerEntry {
  return {
    package: file.package,
    version: file.version,
    resource: file.resource,
    sourcePath: file.sourcePath,
    destination,
    upstream: prepared.upstream,
    written: prepared.written,
    publishedAt: now.toISOString(),
    ...(file.selected ? { selected: true as const } : {}),
  }
}

/**
 * The `package\0resource` pairs published as a whole: those with an entry that was not chosen
 * with `--only`. Only these get the package's new files on update (and show them in status).
 */
export function wholeResources(entries: readonly LedgerEntry[]): Set<string> {
  return new Set(entries.filter((entry) => !entry.selected).map((entry) => `${entry.package}\0${entry.resource}`))
}

function corrupt(path: string, why: string, cause?: unknown): MortarError {
  return publishingErrors.E_LEDGER_CORRUPT(path, why, REBUILD_LEDGER_COMMAND, cause)
}

function ledgerProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'it is not a JSON object'
  if (data.version !== 1) {
    return typeof data.version === 'number' && data.version > 1
      ? `it has format version ${data.version}, newer than this Mortar understands (upgrade mortar)`
      : 'it has no "version": 1'
  }
  if (!isObject(data.files)) return 'it has no "files" object'
  for (const [key, entry] of Object.entries(data.files)) {
    const problem = entryProblem(key, entry)
    if (problem) return `the entry for ${JSON.stringify(key)} ${problem}`
  }
  if (data.installs !== undefined) {
    if (!isObject(data.installs)) return 'its "installs" is not an object'
    for (const [name, record] of Object.entries(data.installs)) {
      const problem = installProblem(record)
      if (problem) return `the install record of ${JSON.stringify(name)} ${problem}`
    }
  }
  return undefined
}

function installProblem(record: unknown): string | undefined {
  if (!isObject(record)) return 'is not an object'
  for (const field of ['npmName', 'version', 'installedAt'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') return `has no "${field}"`
  }
  if (typeof record.explicit !== 'boolean' || typeof record.registered !== 'boolean') return 'has no "explicit" or "registered" flag'
  if (!Array.isArray(record.requires) || record.requires.some((name) => typeof name !== 'string' || name === '')) {
    return 'has a "requires" that is not a list of npm names'
  }
  if (!isObject(record.env)) return 'has no "env" object'
  for (const [key, hashes] of Object.entries(record.env)) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(key) || !isObject(hashes)) return `has a malformed env entry ${JSON.stringify(key)}`
    if (Object.keys(hashes).some((file) => file !== 'env' && file !== 'example')) return `has an env entry ${key} with unknown fields`
    if ((hashes.env !== undefined && !isHash(hashes.env)) || (hashes.example !== undefined && !isHash(hashes.example))) {
      return `has an env entry ${key} whose hash is not a sha256`
    }
  }
  if (!isObject(record.stubs)) return 'has no "stubs" object'
  for (const [destination, stub] of Object.entries(record.stubs)) {
    if (normaliseDestination(destination) !== destination) return `has a stub ${JSON.stringify(destination)} that leaves the app`
    if (!isObject(stub) || typeof stub.source !== 'string' || stub.source === '' || !isHash(stub.written)) {
      return `has a malformed stub ${JSON.stringify(destination)}`
    }
  }
  return undefined
}

function entryProblem(key: string, entry: unknown): string | undefined {
  if (!isObject(entry)) return 'is not an object'
  for (const field of ['package', 'version', 'sourcePath', 'destination', 'publishedAt'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') return `has no "${field}"`
  }
  if (entry.destination !== key || normaliseDestination(key) !== key) return 'has a destination that is not its key or leaves the app'
  if (!(PUBLISHABLE_RESOURCES as readonly unknown[]).includes(entry.resource)) return 'has an unknown "resource"'
  if (!isHash(entry.upstream) || !isHash(entry.written)) return 'has a hash that is not a sha256'
  if (entry.selected !== undefined && entry.selected !== true) return 'has a "selected" that is not true'
  if (entry.pending !== undefined) {
    const pending = entry.pending
    if (!isObject(pending) || typeof pending.version !== 'string' || !isHash(pending.upstream) || !isHash(pending.written)) {
      return 'has a malformed "pending"'
    }
  }
  return undefined
}

function isHash(value: unknown): boolean {
  return typeof value === 'string' && SHA256_PATTERN.test(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isObject(value)) return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    if (value[key] !== undefined) sorted[key] = sortKeys(value[key])
  }
  return sorted
}
