import { join } from 'node:path'
import { FILE_JOBS, mapPool } from '../support/pool.js'
import { contentHash, readContent } from './content.js'
import { type FileOutcome, fileOutcome } from './file_outcome.js'
import { type LedgerEntry, readLedger, wholeResources } from './ledger.js'
import { placer } from './placement.js'
import { type PublishableFile, packagesOf, prepareFile, sourceKey } from './publishable_file.js'

/**
 * A published file's state against the ledger:
 * - `unchanged`: as published, and the package's copy is the same;
 * - `changed-by-you`: you edited it; the package's copy is the same;
 * - `changed-upstream`: the installed package has a new copy; yours is as published;
 * - `changed-both`: both; `package:update` will merge them;
 * - `conflict`: an update left conflict markers in it that are not marked resolved yet;
 * - `missing`: you deleted it (the package's own copy is used in its place);
 * - `added-upstream`: the package has a new file of a resource you published;
 * - `removed-upstream`: the package no longer has this file.
 */
export type FileState =
  | 'unchanged'
  | 'changed-by-you'
  | 'changed-upstream'
  | 'changed-both'
  | 'conflict'
  | 'missing'
  | 'added-upstream'
  | 'removed-upstream'

/** The states `package:status` reports as needing attention (it exits non-zero on any). */
export const STATES_NEEDING_ATTENTION: ReadonlySet<FileState> = new Set([
  'changed-upstream',
  'changed-both',
  'conflict',
  'added-upstream',
  'removed-upstream',
])

/** One file's status. `publishedVersion` is the ledger's; `installedVersion` the package's now. */
export type FileStatus = FileOutcome<FileState> & {
  publishedVersion?: string
  installedVersion?: string
}

/** Every file's status, and whether any needs attention (run `package:update`, resolve). */
export interface StatusReport {
  files: FileStatus[]
  needsAttention: boolean
  counts: Partial<Record<FileState, number>>
}

/** Options for {@link status}. */
export interface StatusOptions {
  /**
   * The packages to report on; by default those `files` belong to. Name a package that has no
   * files any more (uninstalled) to see its published files as `removed-upstream`.
   */
  packages?: readonly string[]
}

/**
 * Compares each published file with the ledger and with the installed package's copy. Reads only.
 *
 * @example
 * const report = await status(appRoot, files)
 * for (const f of report.files) console.log(`${f.state.padEnd(18)} ${f.destination}`)
 * process.exitCode = report.needsAttention ? 1 : 0
 */
export async function status(appRoot: string, files: readonly PublishableFile[], options: StatusOptions = {}): Promise<StatusReport> {
  const ledger = await readLedger(appRoot)
  const scope = new Set(options.packages ?? packagesOf(files))
  const entries = Object.values(ledger.files).filter((entry) => scope.has(entry.package))
  const current = new Map(files.map((file) => [sourceKey(file), file]))
  const published = wholeResources(entries)
  const report: FileStatus[] = []

  // Read and hashed FILE_JOBS at a time; the report keeps the sorted order.
  const sorted = entries.sort((x, y) => x.destination.localeCompare(y.destination))
  const states = await mapPool(sorted, FILE_JOBS, (entry) => entryState(appRoot, entry, current.get(sourceKey(entry))))
  sorted.forEach((entry, index) => {
    const file = current.get(sourceKey(entry))
    report.push({ ...fileOutcome(states[index] as FileState, entry), publishedVersion: entry.version, installedVersion: file?.version })
  })

  // Placed one after the other, as publishing does: new migrations are stamped in file order, and
  // the only files read (the migrations folder's headers) are read once, on the first migration.
  const place = placer(appRoot, ledger, new Date())
  for (const file of files) {
    if (!scope.has(file.package) || !published.has(`${file.package}\0${file.resource}`)) continue
    const placement = await place(file)
    if (placement.entry || placement.foundByHeader) continue
    report.push({
      ...fileOutcome('added-upstream', file, placement.destination),
      publishedVersion: undefined, // never published
      installedVersion: file.version,
    })
  }

  const counts: Partial<Record<FileState, number>> = {}
  for (const file of report) counts[file.state] = (counts[file.state] ?? 0) + 1
  return { files: report, needsAttention: report.some((file) => STATES_NEEDING_ATTENTION.has(file.state)), counts }
}

async function entryState(appRoot: string, entry: LedgerEntry, file: PublishableFile | undefined): Promise<FileState> {
  if (!file) return 'removed-upstream'
  const disk = await readContent(join(appRoot, entry.destination))
  if (!disk) return 'missing'
  if (entry.pending) return 'conflict'
  const prepared = await prepareFile(file)
  const diskHash = contentHash(disk)
  const mine = diskHash !== entry.written
  const theirs = prepared.written !== entry.written
  if (mine && theirs) return diskHash === prepared.written ? 'unchanged' : 'changed-both'
  return mine ? 'changed-by-you' : theirs ? 'changed-upstream' : 'unchanged'
}
