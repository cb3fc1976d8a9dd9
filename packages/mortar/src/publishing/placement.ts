import { posix } from 'node:path'
import { entriesBySource, type Ledger, type LedgerEntry } from './ledger.js'
import { fillTimestamp, migrationHeaderFinder, TIMESTAMP_PLACEHOLDER } from './migration_copies.js'
import { checkedDestination, type PublishableFile, sourceKey } from './publishable_file.js'

/** Where a package file lives (or will live) in the app, and what the ledger knows of it. */
export interface Placement {
  file: PublishableFile
  /** Relative to the app root: the ledger's destination when it has one. */
  destination: string
  /** The ledger's record of this package file. */
  entry?: LedgerEntry
  /** A migration the ledger does not know but whose header names this package file. */
  foundByHeader: boolean
  /** Another package file's ledger entry at the same destination. */
  occupiedBy?: LedgerEntry
}

/**
 * Returns a function placing each package file for one operation. A file the ledger knows keeps
 * its recorded destination (so a migration keeps its first timestamp); an unknown migration is
 * looked for by its header before a fresh timestamp is chosen.
 */
export function placer(appRoot: string, ledger: Ledger, now: Date): (file: PublishableFile) => Promise<Placement> {
  const bySource = entriesBySource(ledger)
  const findByHeader = migrationHeaderFinder(appRoot)
  let stamped = 0
  return async (file) => {
    const wanted = checkedDestination(file)
    const entry = bySource.get(sourceKey(file))
    if (entry) return { file, destination: entry.destination, entry, foundByHeader: false }
    if (file.resource === 'migrations') {
      const found = await findByHeader(posix.dirname(wanted), file)
      if (found !== undefined) return { file, destination: found, foundByHeader: true, occupiedBy: ledger.files[found] }
    }
    const destination = wanted.includes(TIMESTAMP_PLACEHOLDER) ? fillTimestamp(wanted, now, stamped++) : wanted
    return { file, destination, foundByHeader: false, occupiedBy: ledger.files[destination] }
  }
}
