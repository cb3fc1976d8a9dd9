import { AsyncLocalStorage } from 'node:async_hooks'
import type { Application } from './application.js'
import { appErrors } from './errors.js'

// The only process-wide state in Mortar: which application the helpers (config(), view(), …)
// talk to. A request or a test runs inside `runWithApp`, so several applications can live in one
// process; outside any scope the most recently booted application answers. It is kept on
// globalThis so that every copy of mortar in the process (a package with its own nested copy, or
// the compiled and source builds side by side) sees the same application.
interface CurrentApp {
  scope: AsyncLocalStorage<Application>
  latest?: Application
  /** Booted and not shut down, in boot order. */
  live?: Set<Application>
  /** Boots under way outside any scope (see `runBoot`). */
  booting?: number
}
const KEY = Symbol.for('mortar.currentApp')
const current: CurrentApp = ((globalThis as Record<symbol, unknown>)[KEY] as CurrentApp | undefined) ?? {
  scope: new AsyncLocalStorage<Application>(),
}
;(globalThis as Record<symbol, unknown>)[KEY] = current
current.live ??= new Set()
current.booting ??= 0
const live = current.live

/**
 * Runs `fn` with `app` as the current application for the helpers. While `app` is the only live
 * application (and no other is in scope) the fallback already answers for it, so the scope is
 * skipped: on Node 20 and 22 the first `AsyncLocalStorage.run()` turns on async hooks for the rest
 * of the process, a cost on every promise (measured in docs/performance.md, finding 5).
 */
export function runWithApp<T>(app: Application, fn: () => T): T {
  return onlyApp(app) ? fn() : current.scope.run(app, fn)
}

/**
 * Runs an application's boot with it current. When no other application is live or booting,
 * it becomes the fallback for the boot's duration instead of entering a scope (see `runWithApp`);
 * a failed boot restores the previous fallback.
 */
export async function runBoot<T>(app: Application, fn: () => Promise<T>): Promise<T> {
  if (live.size > 0 || (current.booting ?? 0) > 0 || current.scope.getStore() !== undefined) return current.scope.run(app, fn)
  const previous = current.latest
  current.booting = (current.booting ?? 0) + 1
  current.latest = app
  try {
    return await fn()
  } catch (error) {
    if (current.latest === app) current.latest = previous
    throw error
  } finally {
    current.booting = (current.booting ?? 1) - 1
  }
}

function onlyApp(app: Application): boolean {
  return live.size === 1 && current.latest === app && (current.scope.getStore() ?? app) === app
}

/** Makes `app` the fallback current application (done when it boots). */
export function setLatestApp(app: Application): void {
  live.add(app)
  current.latest = app
}

/** Forgets `app` (done when it shuts down); the fallback becomes the latest app still live. */
export function forgetApp(app: Application): void {
  live.delete(app)
  if (current.latest === app) current.latest = [...live].at(-1)
}

/** The current application; an error when none has booted. */
export function currentApp(): Application {
  const app = current.scope.getStore() ?? current.latest
  if (!app) {
    throw appErrors.E_NO_APP_RUNNING()
  }
  return app
}
