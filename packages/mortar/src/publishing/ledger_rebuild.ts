import { join, posix } from 'node:path'
import { isMortarError } from '../errors.js'
import { pruneBases, storeBase } from './base_store.js'
import { contentHash, readContent } from './content.js'
import { type FileOutcome, fileOutcome } from './file_outcome.js'
import { emptyLedger, entriesBySource, type Ledger, ledgerEntry, readLedger, writeLedger } from './ledger.js'
import { type LockOptions, withPublishLock } from './lock.js'
import { migrationHeaderFinder } from './migration_copies.js'
import { checkedDestination, type PublishableFile, packagesOf, prepareFile, sourceKey } from './publishable_file.js'

/**
 * What rebuilding recorded for one package file: `unchanged` (the app's file equals the
 * package's current copy), `changed` (it differs: recorded as changed by you, with the current
 * copy as its merge base), or `not-published` (no file for it in the app).
 */
export type RebuildState = 'unchanged' | 'changed' | 'not-published'

/** One file's outcome. */
export type RebuildResult = FileOutcome<RebuildState>

/**
 * Recreates the ledger entries of the packages `files` belong to from the files in the app, for a
 * ledger that is corrupt (`E_LEDGER_CORRUPT`) or lost. A readable ledger keeps its entries for
 * other packages; a corrupt one is replaced. A migration is found at its recorded destination or
 * by its header. Entries record the installed version: a file that differs from it shows as
 * changed by you (an edit and an older upstream copy can no longer be told apart).
 *
 * @example
 * for (const r of await rebuildLedger(appRoot, files)) console.log(`${r.state.padEnd(14)} ${r.destination}`)
 */
export async function rebuildLedger(
  appRoot: string,
  files: readonly PublishableFile[],
  options: LockOptions = {},
): Promise<RebuildResult[]> {
  return withPublishLock(appRoot, () => rebuild(appRoot, files), options)
}

async function rebuild(appRoot: string, files: readonly PublishableFile[]): Promise<RebuildResult[]> {
  const old = await readLedger(appRoot).catch((error: unknown) => {
    if (isMortarError(error) && error.code === 'E_LEDGER_CORRUPT') return emptyLedger()
    throw error
  })
  const scope = new Set(packagesOf(files))
  const ledger: Ledger = emptyLedger()
  // What install recorded (env keys, stubs) cannot be found from the files: it is kept as it was.
  if (old.installs) ledger.installs = old.installs
  for (const entry of Object.values(old.files)) if (!scope.has(entry.package)) ledger.files[entry.destination] = entry
  const known = entriesBySource(old)
  const findByHeader = migrationHeaderFinder(appRoot)
  const now = new Date()
  const results: RebuildResult[] = []

  for (const file of files) {
    const wanted = checkedDestination(file)
    let destination = known.get(sourceKey(file))?.destination ?? wanted
    let disk = await readContent(join(appRoot, destination))
    if (!disk && file.resource === 'migrations') {
      destination = (await findByHeader(posix.dirname(wanted), file)) ?? destination
      disk = await readContent(join(appRoot, destination))
    }
    const result: RebuildResult = fileOutcome<RebuildState>('not-published', file, destination)
    results.push(result)
    if (!disk) continue
    const prepared = await prepareFile(file)
    result.state = contentHash(disk) === prepared.written ? 'unchanged' : 'changed'
    await storeBase(appRoot, prepared.content)
    ledger.files[destination] = ledgerEntry(file, destination, prepared, now)
  }
  await writeLedger(appRoot, ledger)
  await pruneBases(appRoot, ledger)
  return results
}
