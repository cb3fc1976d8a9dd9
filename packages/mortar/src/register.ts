/**
 * `node --import mortar/register app.ts`: lets Node run TypeScript (the app's files, tests) by
 * registering tsx, the same loader `craft` uses.
 */
import { register } from 'tsx/esm/api'
import { sharedImports } from './support/shared_imports.js'

register()

// The process's importers must know tsx is registered: a test app would otherwise register it a
// second time, and every file would then be transformed twice, with source maps that break
// `node --experimental-test-coverage`.
const shared = sharedImports()
shared.loaderRegistered = true
shared.registering = Promise.resolve()
