import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { applyChanges, Changes } from './changes.js'
import { contentHash, readContent } from './content.js'
import { entriesOf, type Ledger, readLedger } from './ledger.js'
import { type LockOptions, withPublishLock } from './lock.js'
import type { PublishableResource } from './publishable_file.js'

/**
 * What removing a package did (or, dry, would do) to one published file:
 * `deleted` (you had not changed it), `kept` (you changed it: it is yours now), `missing`
 * (already gone).
 */
export type RemoveState = 'deleted' | 'kept' | 'missing'

/** One file's outcome. */
export interface RemoveResult {
  state: RemoveState
  package: string
  resource: PublishableResource
  sourcePath: string
  destination: string
}

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
  const seen = await readLedger(appRoot)
  const draft = await planRemove(appRoot, seen, packageName)
  // Nothing to do takes no lock and touches nothing.
  if (options.dry || draft.changes.empty) return draft.results
  return withPublishLock(
    appRoot,
    async () => {
      const ledger = await readLedger(appRoot)
      // Planned again only when another process changed the ledger meanwhile.
      const plan = isDeepStrictEqual(ledger, seen) ? draft : await planRemove(appRoot, ledger, packageName)
      await applyChanges(appRoot, ledger, plan.changes)
      return plan.results
    },
    options,
  )
}

async function planRemove(appRoot: string, ledger: Ledger, packageName: string): Promise<{ results: RemoveResult[]; changes: Changes }> {
  const changes = new Changes()
  const results: RemoveResult[] = []
  for (const entry of entriesOf(ledger, packageName).sort((x, y) => x.destination.localeCompare(y.destination))) {
    const disk = await readContent(join(appRoot, entry.destination))
    let state: RemoveState = 'missing'
    if (disk) state = !entry.pending && contentHash(disk) === entry.written ? 'deleted' : 'kept'
    if (state === 'deleted') changes.deletes.push(entry.destination)
    changes.entries.set(entry.destination, null)
    const { package: name, resource, sourcePath, destination } = entry
    results.push({ state, package: name, resource, sourcePath, destination })
  }
  return { results, changes }
}
