import { readdir, rm, rmdir } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { writeFileAtomic } from '../support/fs.js'
import { pruneBases, storeBase } from './base_store.js'
import type { FileContent } from './content.js'
import { type Ledger, type LedgerEntry, writeLedger } from './ledger.js'

/** What an operation will do to the app, computed first so a dry run can stop before any of it. */
export class Changes {
  readonly writes: { destination: string; bytes: string | Uint8Array }[] = []
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
 * ledger (so the ledger never records a file that was not written), then unused bases go.
 */
export async function applyChanges(appRoot: string, ledger: Ledger, changes: Changes): Promise<void> {
  for (const base of changes.bases) await storeBase(appRoot, base)
  for (const { destination, bytes } of changes.writes) await writeFileAtomic(join(appRoot, destination), bytes)
  for (const destination of changes.deletes) {
    await rm(join(appRoot, destination), { force: true })
    await removeEmptyVendorFolders(appRoot, destination)
  }
  if (changes.entries.size === 0) return
  for (const [destination, entry] of changes.entries) {
    if (entry) ledger.files[destination] = entry
    else delete ledger.files[destination]
  }
  await writeLedger(appRoot, ledger)
  await pruneBases(appRoot, ledger)
}

// Only folders below a `vendor/` folder were made by publishing; `templates/` or
// `databases/migrations/` stay even when empty.
async function removeEmptyVendorFolders(appRoot: string, destination: string): Promise<void> {
  for (let folder = posix.dirname(destination); isBelowVendor(folder); folder = posix.dirname(folder)) {
    const path = join(appRoot, folder)
    try {
      if ((await readdir(path)).length > 0) return
      await rmdir(path)
    } catch {
      return
    }
  }
}

function isBelowVendor(folder: string): boolean {
  const parts = folder.split('/')
  const vendor = parts.indexOf('vendor')
  return vendor !== -1 && vendor < parts.length - 1
}
