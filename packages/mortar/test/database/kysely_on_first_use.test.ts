// Kysely costs about 300 ms of CPU to import, and most commands and many requests never query:
// Mortar loads it on first use through database/kysely_module.ts (docs/performance.md, finding 2).
// A value import of 'kysely' in any other module of Mortar's source would load it on every boot.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const SOURCE = fileURLToPath(new URL('../../src/', import.meta.url))

test("no module of Mortar but kysely_module.ts imports a value from 'kysely'", () => {
  const offenders = (readdirSync(SOURCE, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && file !== join('database', 'kysely_module.ts'))
    .filter((file) =>
      readFileSync(join(SOURCE, file), 'utf8')
        .split('\n')
        .some((line) => /^import (?!type\b).*from 'kysely'/.test(line) || /^export (?!type\b).*from 'kysely'/.test(line)),
    )
  assert.deepEqual(offenders, [], 'use kyselyModule() (or `import type`) instead')
})
