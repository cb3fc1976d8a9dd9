import { join } from 'node:path'
import { FILE_JOBS, mapPool } from '../support/pool.js'
import { Changes } from './changes.js'
import { type CommitOptions, commitPlan, type Plan } from './commit.js'
import { contentBytes, contentHash, readContent } from './content.js'
import { type FileOutcome, fileOutcome } from './file_outcome.js'
import { type Ledger, ledgerEntry } from './ledger.js'
import type { LockOptions } from './lock.js'
import { type Placement, placer } from './placement.js'
import { type PublishableFile, prepareFile } from './publishable_file.js'

/**
 * What publishing did (or, dry, would do) to one file:
 * - `written`: the file was not there, or was still as published and the package's copy changed;
 * - `unchanged`: it already holds what would be written, so nothing was written;
 * - `skipped-changed`: you changed it since it was published; kept (use `force`);
 * - `skipped-exists`: a file the ledger does not know is there; kept (use `force`);
 * - `overwritten`: `force` replaced your file with the package's.
 */
export type PublishState = 'written' | 'unchanged' | 'skipped-changed' | 'skipped-exists' | 'overwritten'

/** One file's outcome; `destination` is relative to the app root. */
export type PublishResult = FileOutcome<PublishState>

/** Options for {@link publish}. */
export interface PublishOptions extends LockOptions {
  /** Compute the results and write nothing at all (no ledger, no lock, no folders). */
  dry?: boolean
  /** Overwrite files you changed and files the ledger does not know. */
  force?: boolean
}

/**
 * Copies a package's publishable files into the app and records them in the ledger. Publishing
 * again is a no-op: files that already hold what would be written are left alone, and when nothing
 * changes not even the ledger is written. Files you changed are kept unless `force`.
 *
 * @example
 * const results = await publish(appRoot, files, { dry: true })
 * for (const r of results) console.log(`${r.state.padEnd(16)} ${r.destination}`)
 */
export async function publish(appRoot: string, files: readonly PublishableFile[], options: PublishOptions = {}): Promise<PublishResult[]> {
  const now = new Date()
  // Planned once, under the lock: what another process published before we got it is seen.
  const commit: CommitOptions = { ...options, planUnderLock: true }
  return commitPlan(appRoot, (ledger) => planPublish(appRoot, ledger, files, options, now), commit)
}

async function planPublish(
  appRoot: string,
  ledger: Ledger,
  files: readonly PublishableFile[],
  options: PublishOptions,
  now: Date,
): Promise<Plan<PublishResult>> {
  // Placed one after the other: new migrations get their timestamps in file order.
  const place = placer(appRoot, ledger, now)
  const placements: Placement[] = []
  for (const file of files) placements.push(await place(file))
  const read = await mapPool(placements, FILE_JOBS, async ({ file, destination }) => ({
    prepared: await prepareFile(file),
    disk: await readContent(join(appRoot, destination)),
  }))

  const changes = new Changes()
  const results: PublishResult[] = []
  placements.forEach(({ file, destination, entry, occupiedBy }, index) => {
    const { prepared, disk } = read[index] as (typeof read)[number]
    const diskHash = disk && contentHash(disk)
    const record = () => changes.entries.set(destination, ledgerEntry(file, destination, prepared, now))
    // Flushed only when it replaces content the ledger did not record, yours (see writeFileAtomic).
    const write = (flush: boolean) => {
      changes.writes.push({ destination, bytes: contentBytes(prepared.content, disk?.kind === 'text' ? disk.eol : undefined), flush })
      changes.bases.push(prepared.content)
      record()
    }
    let state: PublishState
    if (occupiedBy) {
      state = 'skipped-exists'
    } else if (!disk) {
      state = 'written'
      write(false)
    } else if (diskHash === prepared.written) {
      state = 'unchanged'
      // The ledger learns of a file that already matches (adopted, or edited back by hand).
      if (!entry || entry.written !== prepared.written || entry.upstream !== prepared.upstream || entry.pending) {
        changes.bases.push(prepared.content)
        record()
      }
    } else if (entry && !entry.pending && diskHash === entry.written) {
      state = 'written'
      write(false)
    } else if (options.force) {
      state = 'overwritten'
      write(true)
    } else {
      state = entry ? 'skipped-changed' : 'skipped-exists'
    }
    results.push(fileOutcome(state, file, destination))
  })
  return { results, changes }
}
