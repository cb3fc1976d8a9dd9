// importFile(), the one way Mortar loads an app's or a package's module, in a process without
// tsx (as craft runs): ES modules load through require() and stay the instance import() sees;
// top-level await, CommonJS and JSON-importing modules fall back to import() with the same result.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { MORTAR } from '../support/temp_app.js'
import { writeFiles } from './support.js'

const IMPORT_FILE = pathToFileURL(join(MORTAR, 'dist', 'support', 'import_file.js')).href

describe('importFile() without tsx', () => {
  let folder: string
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-import-file-'))
    writeFiles(folder, {
      'esm/package.json': '{ "type": "module" }\n',
      'esm/plain.js': "import { value } from './dep.js'\nexport const answer = value * 2\nexport default 'plain'\n",
      'esm/dep.js': 'export const value = 21\n',
      'esm/waits.js': 'await new Promise((resolve) => setTimeout(resolve, 1))\nexport const waited = true\n',
      'esm/throws.js': "throw new Error('thrown while loading')\n",
      'cjs/package.json': '{ "type": "commonjs" }\n',
      'cjs/legacy.js': "module.exports = { kind: 'commonjs' }\n",
      'probe.mjs': `import { importFile } from ${JSON.stringify(IMPORT_FILE)}
const dir = ${JSON.stringify(folder)}
const plain = await importFile(dir + '/esm/plain.js')
const again = await import(dir + '/esm/plain.js')
const dep = await importFile(dir + '/esm/dep.js')
const depAgain = await import(dir + '/esm/dep.js')
const waits = await importFile(dir + '/esm/waits.js')
const legacy = await importFile(dir + '/cjs/legacy.js')
let error
try { await importFile(dir + '/esm/throws.js') } catch (caught) { error = caught.message }
console.log(JSON.stringify({
  answer: plain.answer, default: plain.default, same: plain === again, sameWithoutDefault: dep === depAgain,
  waited: waits.waited, legacy: legacy.default, error,
}))
`,
    })
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it('loads ES modules once, falls back for top-level await and CommonJS, and passes errors on', () => {
    const run = spawnSync(process.execPath, [join(folder, 'probe.mjs')], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
    assert.equal(run.status, 0, run.stderr)
    assert.equal(run.stderr, '', 'no warning printed')
    assert.deepEqual(JSON.parse(run.stdout), {
      answer: 42,
      default: 'plain',
      same: true,
      sameWithoutDefault: true,
      waited: true,
      legacy: { kind: 'commonjs' },
      error: 'thrown while loading',
    })
  })
})

describe('an Importer per application', () => {
  let folder: string
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-importer-'))
    writeFiles(folder, {
      'app/package.json': '{ "type": "module" }\n',
      'app/where.ts': 'export const where: string = import.meta.url\n',
      'probe.mjs': `import { existsSync } from 'node:fs'
import { Importer } from ${JSON.stringify(IMPORT_FILE)}
const root = ${JSON.stringify(join(folder, 'app'))}
const file = root + '/where.ts'
// A test app's importer prefers the sources; the other apps of the same folder keep the cache.
const sources = await new Importer({ root, sourcesPreferred: true }).import(file)
const cached = await new Importer({ root }).import(file)
const cachedAgain = await new Importer({ root }).import(file)
const compiled = existsSync(root + '/storage/framework/compiled/where.mjs')
console.log(JSON.stringify({ where: sources.where.slice(-9), compiled, distinct: sources !== cached, shared: cached === cachedAgain }))
`,
    })
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it("keeps each application's choice of sources or compile cache, and one cache per folder", () => {
    const run = spawnSync(process.execPath, [join(folder, 'probe.mjs')], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), { where: '/where.ts', compiled: true, distinct: true, shared: true })
  })
})
