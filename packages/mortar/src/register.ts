/**
 * `node --import mortar/register app.ts`: lets Node run TypeScript (the app's files, tests) by
 * registering tsx, the same loader `craft` uses.
 */
import { register } from 'tsx/esm/api'

register()
