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
      'probe.mjs': `import { importFile } from ${JSON.stringify(pathToFileURL(join(MORTAR, 'dist', 'support', 'import_file.js')).href)}
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
