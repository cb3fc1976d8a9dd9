import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * Kysely, loaded on first use. Importing it costs about 300 ms of CPU (hundreds of modules), which
 * every start paid while most commands (and apps that never query) do not need it.
 *
 * It is loaded synchronously with `require()` of its ES module entry (Node ≥ 20.19), which puts it
 * in the same module map as `import 'kysely'`: the app's own `import { sql } from 'kysely'` and
 * Mortar's share one copy.
 */
let loaded: typeof import('kysely') | undefined

export function kyselyModule(): typeof import('kysely') {
  loaded ??= createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('kysely'))) as typeof import('kysely')
  return loaded
}
