import { readdir, rm, rmdir } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { isBelowVendorFolder } from '../resources/kinds.js'
import { writeFileAtomic } from '../support/fs.js'
import { FILE_JOBS, mapPool } from '../support/pool.js'
import { pruneBases, storeBases } from './base_store.js'
import type { FileContent } from './content.js'
import { type Ledger, type LedgerEntry, writeLedger } from './ledger.js'

/** What an operation will do to the app, computed first so a dry run can stop before any of it. */
export class Changes {
  /**
   * Files to write. `flush` (default `true`) fsyncs one before it is renamed into place; a plan
   * sets it to `false` only for a file the package can give again, one replacing nothing or what
   * the ledger recorded (see `writeFileAtomic()`).
   */
  readonly writes: { destination: string; bytes: string | Uint8Array; flush?: boolean }[] = []
  readonly deletes: string[] = []
  readonly bases: FileContent[] = []
  /** New ledger entries by destination; `null` drops the entry. */
  readonly entries = new Map<string, LedgerEntry | null>()

  get empty(): boolean {
    return this.writes.length === 0 && this.deletes.length === 0 && this.entries.size === 0
  }
}

/**
 * Applies changes in the order that keeps a crash harmless: bases first, then the files, then the
 * ledger (so the ledger never records a file that was not written), then unused bases go. Within
 * a phase the files are written {@link FILE_JOBS} at a time; each phase ends before the next
 * starts, and the ledger is always the last write: it is the commit point.
 */
export async function applyChanges(appRoot: string, ledger: Ledger, changes: Changes): Promise<void> {
  await storeBases(appRoot, changes.bases)
  await mapPool(changes.writes, FILE_JOBS, ({ destination, bytes, flush }) => writeFileAtomic(join(appRoot, destination), bytes, { flush }))
  await mapPool(changes.deletes, FILE_JOBS, (destination) => rm(join(appRoot, destination), { force: true }))
  // One after the other: a folder holding two deleted files is emptied by both.
  for (const destination of changes.deletes) await removeEmptyVendorFolders(appRoot, destination)
  if (changes.entries.size === 0) return
  for (const [destination, entry] of changes.entries) {
    if (entry) ledger.files[destination] = entry
    else delete ledger.files[destination]
  }
  await writeLedger(appRoot, ledger)
  await pruneBases(appRoot, ledger)
}

// Only folders below a kind's `vendor/` folder were made by publishing; `templates/` or
// `databases/migrations/` stay even when empty.
async function removeEmptyVendorFolders(appRoot: string, destination: string): Promise<void> {
  for (let folder = posix.dirname(destination); isBelowVendorFolder(folder); folder = posix.dirname(folder)) {
    const path = join(appRoot, folder)
    try {
      if ((await readdir(path)).length > 0) return
      await rmdir(path)
    } catch {
      return
    }
  }
}
