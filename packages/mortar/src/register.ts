/**
 * `node --import mortar/register app.ts`: lets Node run TypeScript (the app's files, tests) by
 * registering tsx, the same loader `craft` uses.
 */
import { register } from 'tsx/esm/api'

register()

// Tell the importers of this process (support/import_file.ts reads the same globalThis record)
// that tsx is registered: a test app would otherwise register it a second time, and then every
// file is transformed twice, with source maps that break `node --experimental-test-coverage`.
const KEY = Symbol.for('mortar.imports')
const globals = globalThis as Record<symbol, unknown>
const shared = (globals[KEY] ?? { caches: new Map() }) as { loaderRegistered?: boolean; registering?: Promise<void> }
shared.loaderRegistered = true
shared.registering = Promise.resolve()
globals[KEY] = shared
