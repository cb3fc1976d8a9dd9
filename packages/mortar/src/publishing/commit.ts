import { isDeepStrictEqual } from 'node:util'
import { applyChanges, type Changes } from './changes.js'
import { type Ledger, readLedger } from './ledger.js'
import { type LockOptions, withPublishLock } from './lock.js'

/** What an operation will do: its result per file and the changes that make them true. */
export interface Plan<Result> {
  results: Result[]
  changes: Changes
}

/** Options for {@link commitPlan}. */
export interface CommitOptions extends LockOptions {
  /** Plan and return the results; take no lock and write nothing at all. */
  dry?: boolean
  /**
   * Plan only once the lock is held, and hold it even when there is nothing to write (publish).
   * Otherwise (update, remove) the plan is made first, nothing to do takes no lock and touches
   * nothing, and the plan is made again under the lock only if the ledger changed meanwhile.
   */
  planUnderLock?: boolean
}

/**
 * The one way publish, update and remove change an app: plan against the ledger, then, under the
 * publish lock, apply the plan's changes (files, then the ledger). A dry run stops after planning.
 *
 * @example
 * return commitPlan(appRoot, (ledger) => planRemove(appRoot, ledger, 'blog'), { dry })
 */
export async function commitPlan<Result>(
  appRoot: string,
  plan: (ledger: Ledger) => Promise<Plan<Result>>,
  options: CommitOptions = {},
): Promise<Result[]> {
  let draft: { seen: Ledger; plan: Plan<Result> } | undefined
  if (options.dry || !options.planUnderLock) {
    const seen = await readLedger(appRoot)
    draft = { seen, plan: await plan(seen) }
    if (options.dry || draft.plan.changes.empty) return draft.plan.results
  }
  return withPublishLock(
    appRoot,
    async () => {
      const ledger = await readLedger(appRoot)
      const planned = draft && isDeepStrictEqual(ledger, draft.seen) ? draft.plan : await plan(ledger)
      if (!planned.changes.empty) await applyChanges(appRoot, ledger, planned.changes)
      return planned.results
    },
    options,
  )
}
