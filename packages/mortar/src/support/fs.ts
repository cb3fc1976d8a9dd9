import { randomInt } from 'node:crypto'
import { readFileSync, rename as renameCallback, writeFile as writeFileCallback } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'

// The callback functions, promisified: for the small files the package system writes a thousand
// at a time, `fs/promises`' writeFile takes about twice as long (each write is several more round
// trips to the thread pool).
const writeFileAsync = promisify(writeFileCallback)
const renameAsync = promisify(renameCallback)

/** Options for {@link writeFileAtomic}. */
export interface WriteOptions {
  /** Permission bits of a new file. */
  mode?: number
  /**
   * fsync the data before the rename (default `true`). Pass `false` only for content that can be
   * produced again, such as a fresh copy of a package's file: see the policy at
   * {@link writeFileAtomic}.
   */
  flush?: boolean
}

/**
 * Writes `contents` to `path` so that a reader, or a process killed at any moment, sees either the
 * old file or the new one, never a partial write: the data goes to a temp file in the same folder
 * (`.<name>.<pid>.<8 hex digits>.tmp`) and is renamed over the destination. Parent folders are
 * created.
 *
 * Every write goes through the temp file and rename: that is what protects against a killed
 * process. The fsync before the rename protects against a power loss (or kernel crash) and costs a
 * disk flush per file, so it is spent only where a power loss could lose content the user wrote:
 * the ledger (the commit point of a publish), and a write replacing content the ledger did not
 * record (a merge result, a `--force` overwrite of your edit), which then is either still the old
 * file or the complete new one. A fresh copy of a package's file and a merge base are written with
 * `flush: false`, since the package can give them again: after a power loss such a file may be
 * empty or old while the ledger records it, and `package:status` shows it as changed by you.
 */
export async function writeFileAtomic(path: string, contents: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${nextTempId()}.tmp`)
  const write = () => writeFileAsync(temp, contents, { flush: options.flush ?? true, mode: options.mode })
  try {
    try {
      await write()
    } catch (error) {
      // The folder is made only when it is missing: one mkdir per folder, not one per file.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      await mkdir(dirname(path), { recursive: true })
      await write()
    }
    await renameAsync(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

// Temp names are unique within a process by a counter (from a random start), and across
// processes by the pid beside it; no random bytes per write.
let tempId = randomInt(0x1_0000_0000)
/** A counter for temp file names, unique within this process. */
export function nextTempId(): string {
  tempId = (tempId + 1) % 0x1_0000_0000
  return tempId.toString(16).padStart(8, '0')
}

/**
 * The bytes of the file at `path`; `undefined` when there is none. The read is synchronous: the
 * package commands read a thousand small files from the page cache, where one system call each
 * took a third of the time of the thread pool's round trips (35 ms against 103–141 ms for 2,000
 * reads), and a craft command has nothing else to do meanwhile.
 */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/

/**
 * Deletes the temp files {@link writeFileAtomic} calls of process `pid` left in `folder` (and, with
 * `deep`, in its subfolders): a process killed mid-write leaves one. Only call it for a process
 * known to be dead. Returns the paths removed; a missing folder has none.
 */
export async function removeTempFiles(folder: string, pid: number, options: { deep?: boolean } = {}): Promise<string[]> {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch {
    return []
  }
  const removed: string[] = []
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (options.deep) removed.push(...(await removeTempFiles(path, pid, options)))
    } else if (entry.isFile() && TEMP_FILE.exec(entry.name)?.[1] === String(pid)) {
      await rm(path, { force: true })
      removed.push(path)
    }
  }
  return removed
}

/** True when `path` exists (file, folder or link target). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}
