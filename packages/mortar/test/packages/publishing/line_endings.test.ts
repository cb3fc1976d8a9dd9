import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { publish, status, update } from '../../../src/publishing/index.js'
import { makePackage, states, tempFolders, V1, V2 } from './fixtures.js'

const temp = tempFolders()
after(() => temp.cleanup())

const crlf = (text: string | Uint8Array) => (text as string).replace(/\n/g, '\r\n')
const CONFIG = 'config/blog.ts'

describe('line endings', () => {
  test('a CRLF file stays CRLF through publish and a three-way merge', async () => {
    const v1 = await makePackage(temp, { [CONFIG]: crlf(V1[CONFIG]) }, '1.0.0')
    const v2 = await makePackage(temp, { [CONFIG]: crlf(V2[CONFIG]) }, '2.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    assert.equal(await readFile(join(app, CONFIG), 'utf8'), crlf(V1[CONFIG]))
    assert.equal(states(await publish(app, v1))[CONFIG], 'unchanged')

    await writeFile(join(app, CONFIG), crlf(V1[CONFIG]).replace('per_page: 10', 'per_page: 25'))
    assert.equal(states(await update(app, v2))[CONFIG], 'merged')
    assert.equal(await readFile(join(app, CONFIG), 'utf8'), crlf(V2[CONFIG]).replace('per_page: 10', 'per_page: 25'))
  })

  test('an LF file checked out as CRLF is not a change, and keeps CRLF when replaced', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const v2 = await makePackage(temp, V2, '2.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    await writeFile(join(app, CONFIG), crlf(V1[CONFIG]))

    assert.equal(states((await status(app, v1)).files)[CONFIG], 'unchanged')
    assert.equal(states(await publish(app, v1))[CONFIG], 'unchanged')
    assert.equal(states(await update(app, v2))[CONFIG], 'replaced')
    assert.equal(await readFile(join(app, CONFIG), 'utf8'), crlf(V2[CONFIG]))
  })

  test('a binary asset is copied byte for byte', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    assert.deepEqual(new Uint8Array(await readFile(join(app, 'public/vendor/blog/logo.png'))), V1['assets/logo.png'])
  })
})
