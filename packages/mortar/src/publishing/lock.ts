import { link, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { nextTempId } from '../support/fs.js'
import { isAlive } from '../support/process_alive.js'
import { publishingErrors } from './errors.js'
import { MORTAR_FOLDER } from './ledger.js'
import { removeLeftoverTempFiles } from './leftovers.js'

/** How long a publish waits for another one to finish before giving up, by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5000

const POLL_MS = 50

/** Options for {@link withPublishLock}. */
export interface LockOptions {
  /** How long to wait for a live holder; defaults to {@link DEFAULT_LOCK_TIMEOUT_MS}. */
  lockTimeoutMs?: number
}

/** `<app>/.mortar/lock`. */
export function lockPath(appRoot: string): string {
  return join(appRoot, MORTAR_FOLDER, 'lock')
}

/**
 * Runs `work` while holding the app's publish lock, so one publish, update or remove at a time
 * touches the ledger. The lock is a file created exclusively, holding the holder's pid; a lock
 * whose process is dead is taken over, and the temp files that process's writes left are deleted.
 * A live holder is waited for, then `E_LEDGER_LOCKED`.
 *
 * @example
 * await withPublishLock(appRoot, async () => writeLedger(appRoot, ledger))
 */
export async function withPublishLock<T>(appRoot: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = lockPath(appRoot)
  await mkdir(join(appRoot, MORTAR_FOLDER), { recursive: true })
  const deadline = Date.now() + (options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS)
  const dead = new Set<number>()
  for (;;) {
    if (await tryCreate(path)) break
    // Undefined when the holder let go between our two calls: simply try again.
    const holder = await readFile(path, 'utf8').catch(() => undefined)
    if (holder === undefined && Date.now() < deadline) continue
    const pid = Number.parseInt(holder ?? '', 10)
    // A lock without a pid is one being created; only a long-abandoned one is stale.
    const stale = Number.isInteger(pid) && pid > 0 ? !isAlive(pid) : await isOlderThan(path, DEFAULT_LOCK_TIMEOUT_MS)
    if (stale && holder !== undefined) {
      if (Number.isInteger(pid) && pid > 0) dead.add(pid)
      await removeStale(path, holder)
      continue
    }
    if (Date.now() >= deadline) {
      throw publishingErrors.E_LEDGER_LOCKED(holder?.trim() || '(unknown)', path)
    }
    await sleep(POLL_MS)
  }
  try {
    // A dead holder may have been killed mid-write; its temp files can go now that we hold the
    // lock. One that cannot be removed stays, a harmless dotfile as before.
    for (const pid of dead) await removeLeftoverTempFiles(appRoot, pid).catch(() => undefined)
    return await work()
  } finally {
    await rm(path, { force: true })
  }
}

// The lock appears with its pid already in it: the pid is written to a temp file that is then
// hard-linked to the lock's name (which fails if the lock exists). A holder killed at any point
// leaves either no lock or a lock naming it, never an empty one that only time makes stale; a
// temp file a kill left behind is swept with the holder's other temp files.
async function tryCreate(path: string): Promise<boolean> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${nextTempId()}.tmp`)
  await writeFile(temp, `${process.pid}\n`)
  try {
    await link(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await rm(temp, { force: true })
  }
}

// Two processes may find the same dead holder; a second exclusive file guards the check-and-delete
// so neither deletes a lock the other has just taken.
async function removeStale(path: string, seen: string): Promise<void> {
  const guard = `${path}.takeover`
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(guard, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    if (await isOlderThan(guard, DEFAULT_LOCK_TIMEOUT_MS)) await rm(guard, { force: true })
    else await sleep(POLL_MS)
    return
  }
  try {
    const now = await readFile(path, 'utf8').catch(() => undefined)
    if (now === seen) await rm(path, { force: true })
  } finally {
    await handle.close()
    await rm(guard, { force: true })
  }
}

async function isOlderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms
  } catch {
    return false
  }
}
