// A resource kind is one entry of RESOURCE_KINDS (src/resources/kinds.ts) plus its fluent method
// on PackageProvider: the rest of Mortar reads the table. This test keeps it so by reading src/
// for the kinds' names as string literals, outside comments. The known exceptions are listed
// with their reason; a new one means a module that should have asked the table.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, it } from 'node:test'
import { PUBLISHABLE_RESOURCES } from '../../src/publishing/index.js'
import { RESOURCE_KIND_NAMES, RESOURCE_KINDS } from '../../src/resources/kinds.js'
import { MORTAR } from '../support/temp_app.js'

const SRC = join(MORTAR, 'src')

/** Where a kind may be named, and why. */
const ALLOWED: Record<string, string> = {
  'resources/kinds.ts': 'the table itself',
  'packages/package_provider.ts': 'the fluent methods of configure(), the public API',
  'packages/reserved_names.ts': 'package names that would clash with the app folders',
}

/** Where one kind is named on purpose: what only that kind does. */
const KIND_SPECIFIC: Record<string, Record<string, string>> = {
  migrations: {
    'publishing/placement.ts': 'a published migration keeps the timestamped name it was first given',
    'publishing/ledger_rebuild.ts': 'a rebuilt ledger finds a migration copy by its published header',
    'console/commands/package_remove.ts': 'a kept migration copy runs again on craft migrate',
    'packages/declarations.ts': 'listings show routes and controllers after migrations',
  },
}

// A kind's name as a string literal, except as a type registry key (`Registered<'views', …>`) or a
// property picked from a type (`Pick<KernelApp, 'assets'>`, the app's own member of that name).
const literal = (kind: string) => new RegExp(`(?<!Registered<|Pick<[^>]*)'${kind}'`)

function sources(folder: string): { file: string; text: string }[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name)
      const text = readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
      return { file: relative(SRC, path).split(sep).join('/'), text }
    })
}

describe('resource kinds', () => {
  it('are the entries of RESOURCE_KINDS, which PUBLISHABLE_RESOURCES follows', () => {
    assert.deepEqual([...PUBLISHABLE_RESOURCES], RESOURCE_KIND_NAMES)
    for (const name of RESOURCE_KIND_NAMES) assert.equal(RESOURCE_KINDS[name].name, name)
  })

  it('are named only by the table, the provider and the listed exceptions', () => {
    const files = sources(SRC)
    assert.ok(files.length > 100, `read ${files.length} modules of ${SRC}`)
    // config is also the app's config folder and the config repository: too common a word to track.
    const tracked = RESOURCE_KIND_NAMES.filter((kind) => kind !== 'config')
    const strays: string[] = []
    for (const kind of tracked) {
      const allowed = { ...ALLOWED, ...KIND_SPECIFIC[kind] }
      for (const { file, text } of files) {
        if (!(file in allowed) && literal(kind).test(text)) strays.push(`${file} names '${kind}'`)
      }
    }
    assert.deepEqual(strays, [], 'these modules name a resource kind: read its rules from RESOURCE_KINDS instead')
  })
})
