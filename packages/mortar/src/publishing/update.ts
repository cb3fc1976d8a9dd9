import { join } from 'node:path'
import { readBase } from './base_store.js'
import { Changes } from './changes.js'
import { commitPlan, type Plan } from './commit.js'
import { contentBytes, contentHash, type FileContent, hasConflictMarkers, readContent, textContent } from './content.js'
import { unifiedDiff } from './diff.js'
import { type FileOutcome, fileOutcome } from './file_outcome.js'
import { type Ledger, type LedgerEntry, ledgerEntry, wholeResources } from './ledger.js'
import type { LockOptions } from './lock.js'
import { mergeText } from './merge.js'
import { placer } from './placement.js'
import { type PublishableFile, packagesOf, prepareFile, sourceKey } from './publishable_file.js'

/**
 * What updating did (or, dry, would do) to one published file:
 * - `replaced`: you had not changed it; it now holds the package's new copy;
 * - `merged`: both sides changed it; the three-way merge was clean and is written;
 * - `conflict`: both changed the same lines; the file holds conflict markers (a binary file is
 *   left as yours) and the ledger keeps the old version until you resolve it;
 * - `resolved`: an earlier conflict no longer has markers; the ledger moves to that version;
 * - `kept`: you changed it and the package did not;
 * - `unchanged`: nothing to do;
 * - `added`: a new file of a resource you published, now published;
 * - `skipped-exists`: such a new file, but a file the ledger does not know is in the way;
 * - `missing`: you deleted it; left deleted;
 * - `removed-upstream`: the package no longer has it; left in place and no longer tracked.
 */
export type UpdateState =
  | 'replaced'
  | 'merged'
  | 'conflict'
  | 'resolved'
  | 'kept'
  | 'unchanged'
  | 'added'
  | 'skipped-exists'
  | 'missing'
  | 'removed-upstream'

/** One file's outcome. With `dry`, `diff` is the unified diff of what would change on disk. */
export type UpdateResult = FileOutcome<UpdateState> & {
  /** The version the ledger had recorded for the file. */
  fromVersion?: string
  /** The installed version of the package. */
  toVersion?: string
  /** How many conflicting regions the file holds (`conflict` only). */
  conflicts?: number
  diff?: string
}

/** Options for {@link update}. */
export interface UpdateOptions extends LockOptions {
  /** Return the results, each with a unified diff, and write nothing at all. */
  dry?: boolean
  /** The packages to update; by default those `files` belong to. */
  packages?: readonly string[]
}

/**
 * Brings published files up to the installed package version: untouched files are replaced, files
 * changed on both sides are merged three-way against the base kept when they were published, and
 * a conflict is left in the file with git-style markers. Re-running after you remove the markers
 * marks the conflict resolved.
 *
 * @example
 * const results = await update(appRoot, files)
 * if (results.some((r) => r.state === 'conflict')) process.exitCode = 1
 */
export async function update(appRoot: string, files: readonly PublishableFile[], options: UpdateOptions = {}): Promise<UpdateResult[]> {
  const now = new Date()
  // Nothing to do takes no lock and touches nothing.
  return commitPlan(appRoot, (ledger) => planUpdate(appRoot, ledger, files, options, now), options)
}

/** True when an update left a conflict to resolve (the command then exits non-zero). */
export function hasConflicts(results: readonly UpdateResult[]): boolean {
  return results.some((result) => result.state === 'conflict')
}

async function planUpdate(
  appRoot: string,
  ledger: Ledger,
  files: readonly PublishableFile[],
  options: UpdateOptions,
  now: Date,
): Promise<Plan<UpdateResult>> {
  const scope = new Set(options.packages ?? packagesOf(files))
  const entries = Object.values(ledger.files)
    .filter((entry) => scope.has(entry.package))
    .sort((x, y) => x.destination.localeCompare(y.destination))
  const current = new Map(files.map((file) => [sourceKey(file), file]))
  const published = wholeResources(entries)
  const changes = new Changes()
  const results: UpdateResult[] = []
  const context = { appRoot, changes, now, dry: options.dry ?? false }

  for (const entry of entries) {
    const found = current.get(sourceKey(entry))
    // A file chosen with --only stays chosen when it is recorded again.
    const file = found && entry.selected ? { ...found, selected: true } : found
    const result: UpdateResult = { ...fileOutcome('unchanged', entry), fromVersion: entry.version, toVersion: file?.version }
    if (file) await updateEntry(context, entry, file, result)
    else {
      result.state = 'removed-upstream'
      changes.entries.set(entry.destination, null)
    }
    results.push(result)
  }

  const place = placer(appRoot, ledger, now)
  for (const file of files) {
    if (!scope.has(file.package) || !published.has(`${file.package}\0${file.resource}`)) continue
    const placement = await place(file)
    if (placement.entry || placement.foundByHeader) continue
    results.push(await addFile(context, file, placement.destination, placement.occupiedBy !== undefined))
  }
  return { results, changes }
}

interface UpdateContext {
  appRoot: string
  changes: Changes
  now: Date
  dry: boolean
}

async function updateEntry(context: UpdateContext, recorded: LedgerEntry, file: PublishableFile, result: UpdateResult): Promise<void> {
  const { appRoot, changes, now } = context
  const destination = recorded.destination
  const disk = await readContent(join(appRoot, destination))
  if (!disk) {
    result.state = 'missing'
    return
  }
  let entry = recorded
  if (recorded.pending) {
    if (hasConflictMarkers(disk)) {
      result.state = 'conflict'
      return
    }
    // The markers are gone: the file as it is now is the user's resolution of that version.
    const { pending, ...rest } = recorded
    entry = { ...rest, ...pending }
  }
  const resolved = entry !== recorded
  const prepared = await prepareFile(file)
  const diskHash = contentHash(disk)
  // Only a merge holds the user's own lines; a replaced file is the package's, and can be had again.
  const write = (content: FileContent, flush = true) => {
    changes.writes.push({ destination, bytes: contentBytes(content, disk.kind === 'text' ? disk.eol : undefined), flush })
    if (context.dry) result.diff = diffOf(destination, disk, content)
  }

  if (diskHash === prepared.written || prepared.written === entry.written) {
    result.state = resolved ? 'resolved' : diskHash === prepared.written ? 'unchanged' : 'kept'
    // Record the installed version; the content the ledger knows as base stays what it was.
    const moved =
      diskHash === prepared.written
        ? ledgerEntry(file, destination, prepared, now)
        : { ...entry, version: file.version, upstream: prepared.upstream }
    if (resolved || moved.written !== recorded.written || moved.upstream !== recorded.upstream || moved.version !== recorded.version) {
      if (moved.written !== entry.written) changes.bases.push(prepared.content)
      changes.entries.set(destination, moved)
    }
    return
  }
  if (diskHash === entry.written) {
    result.state = 'replaced'
    write(prepared.content, false)
    changes.bases.push(prepared.content)
    changes.entries.set(destination, ledgerEntry(file, destination, prepared, now))
    return
  }

  const base = await readBase(appRoot, entry.written)
  const pending = { ...entry, pending: { version: file.version, upstream: prepared.upstream, written: prepared.written } }
  if (disk.kind !== 'text' || prepared.content.kind !== 'text' || base?.kind === 'binary') {
    result.state = 'conflict'
    result.conflicts = 1
    changes.bases.push(prepared.content)
    changes.entries.set(destination, pending)
    return
  }
  // Without its base (the base store was not committed), every difference is a conflict.
  const outcome = mergeText(disk.text, base?.text ?? '', prepared.content.text, {
    ours: 'yours',
    base: base ? `${file.package} ${entry.version}` : `${file.package} ${entry.version} (base missing)`,
    theirs: `${file.package} ${file.version}`,
  })
  write(textContent(outcome.text, disk.eol))
  changes.bases.push(prepared.content)
  if (outcome.clean) {
    result.state = 'merged'
    changes.entries.set(destination, ledgerEntry(file, destination, prepared, now))
  } else {
    result.state = 'conflict'
    result.conflicts = outcome.conflicts
    changes.entries.set(destination, pending)
  }
}

async function addFile(context: UpdateContext, file: PublishableFile, destination: string, occupied: boolean): Promise<UpdateResult> {
  const { appRoot, changes, now } = context
  const result: UpdateResult = { ...fileOutcome('added', file, destination), toVersion: file.version }
  const prepared = await prepareFile(file)
  const disk = await readContent(join(appRoot, destination))
  if (occupied || (disk && contentHash(disk) !== prepared.written)) {
    result.state = 'skipped-exists'
    return result
  }
  if (disk) result.state = 'unchanged'
  else {
    changes.writes.push({ destination, bytes: contentBytes(prepared.content), flush: false })
    if (context.dry) result.diff = diffOf(destination, undefined, prepared.content)
  }
  changes.bases.push(prepared.content)
  changes.entries.set(destination, ledgerEntry(file, destination, prepared, now))
  return result
}

function diffOf(path: string, before: FileContent | undefined, after: FileContent): string {
  if (before?.kind === 'binary' || after.kind === 'binary') {
    return before ? `Binary files a/${path} and b/${path} differ\n` : `Binary file b/${path} added\n`
  }
  return unifiedDiff(before?.text ?? '', after.text, { path, created: !before })
}
