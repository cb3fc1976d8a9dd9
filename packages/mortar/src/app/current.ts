import { AsyncLocalStorage } from 'node:async_hooks'
import { MortarError } from '../errors.js'
import type { Application } from './application.js'

// The only process-wide state in Mortar: which application the helpers (config(), view(), …)
// talk to. A request or a test runs inside `runWithApp`, so several applications can live in one
// process; outside any scope the most recently booted application answers. It is kept on
// globalThis so that every copy of mortar in the process (a package with its own nested copy, or
// the compiled and source builds side by side) sees the same application.
interface CurrentApp {
  scope: AsyncLocalStorage<Application>
  latest?: Application
}
const KEY = Symbol.for('mortar.currentApp')
const current: CurrentApp = ((globalThis as Record<symbol, unknown>)[KEY] as CurrentApp | undefined) ?? {
  scope: new AsyncLocalStorage<Application>(),
}
;(globalThis as Record<symbol, unknown>)[KEY] = current

/** Runs `fn` with `app` as the current application for the helpers. */
export function runWithApp<T>(app: Application, fn: () => T): T {
  return current.scope.run(app, fn)
}

/** Makes `app` the fallback current application (done when it boots). */
export function setLatestApp(app: Application | undefined): void {
  current.latest = app
}

/** Forgets `app` as the fallback if it is the one (done when it shuts down). */
export function forgetApp(app: Application): void {
  if (current.latest === app) current.latest = undefined
}

/** The current application; an error when none has booted. */
export function currentApp(): Application {
  const app = current.scope.getStore() ?? current.latest
  if (!app) {
    throw new MortarError('E_NO_APP_RUNNING', 'No Mortar application is running in this process', {
      hint: 'Call helpers such as config() and view() from handlers, commands or providers, after the app has booted.',
    })
  }
  return app
}
