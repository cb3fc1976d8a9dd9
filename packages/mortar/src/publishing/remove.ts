import { join } from 'node:path'
import { Changes } from './changes.js'
import { commitPlan, type Plan } from './commit.js'
import { contentHash, readContent } from './content.js'
import { type FileOutcome, fileOutcome } from './file_outcome.js'
import { entriesOf, type Ledger } from './ledger.js'
import type { LockOptions } from './lock.js'

/**
 * What removing a package did (or, dry, would do) to one published file:
 * `deleted` (you had not changed it), `kept` (you changed it: it is yours now), `missing`
 * (already gone).
 */
export type RemoveState = 'deleted' | 'kept' | 'missing'

/** One file's outcome. */
export type RemoveResult = FileOutcome<RemoveState>

/** Options for {@link remove}. */
export interface RemoveOptions extends LockOptions {
  /** Compute the results and change nothing. */
  dry?: boolean
}

/**
 * Unpublishes a package: deletes the files it published that you have not changed (and the
 * `vendor/` folders left empty), keeps and lists the ones you changed, and forgets the package in
 * the ledger and the base store. A package with nothing published gives no results and writes nothing.
 *
 * @example
 * for (const r of await remove(appRoot, 'blog')) if (r.state === 'kept') console.log(`kept ${r.destination}`)
 */
export async function remove(appRoot: string, packageName: string, options: RemoveOptions = {}): Promise<RemoveResult[]> {
  // Nothing to do takes no lock and touches nothing.
  return commitPlan(appRoot, (ledger) => planRemove(appRoot, ledger, packageName), options)
}

async function planRemove(appRoot: string, ledger: Ledger, packageName: string): Promise<Plan<RemoveResult>> {
  const changes = new Changes()
  const results: RemoveResult[] = []
  for (const entry of entriesOf(ledger, packageName).sort((x, y) => x.destination.localeCompare(y.destination))) {
    const disk = await readContent(join(appRoot, entry.destination))
    let state: RemoveState = 'missing'
    if (disk) state = !entry.pending && contentHash(disk) === entry.written ? 'deleted' : 'kept'
    if (state === 'deleted') changes.deletes.push(entry.destination)
    changes.entries.set(entry.destination, null)
    results.push(fileOutcome(state, entry))
  }
  return { results, changes }
}
