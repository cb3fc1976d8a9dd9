import { AsyncLocalStorage } from 'node:async_hooks'
import { MortarError } from '../errors.js'
import type { Application } from './application.js'

// The only module-level state in Mortar: which application the helpers (config(), view(), …)
// talk to. A request or a test runs inside `runWithApp`, so several applications can live in one
// process; outside any scope the most recently booted application answers.
const scope = new AsyncLocalStorage<Application>()
let latest: Application | undefined

/** Runs `fn` with `app` as the current application for the helpers. */
export function runWithApp<T>(app: Application, fn: () => T): T {
  return scope.run(app, fn)
}

/** Makes `app` the fallback current application (done when it boots). */
export function setLatestApp(app: Application | undefined): void {
  latest = app
}

/** Forgets `app` as the fallback if it is the one (done when it shuts down). */
export function forgetApp(app: Application): void {
  if (latest === app) latest = undefined
}

/** The current application; an error when none has booted. */
export function currentApp(): Application {
  const app = scope.getStore() ?? latest
  if (!app) {
    throw new MortarError('E_NO_APP_RUNNING', 'No Mortar application is running in this process', {
      hint: 'Call helpers such as config() and view() from handlers, commands or providers, after the app has booted.',
    })
  }
  return app
}
