import assert from 'node:assert/strict'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { publish, readLedger, remove } from '../../../src/publishing/index.js'
import { exists } from '../../../src/support/fs.js'
import { listFiles, makePackage, read, snapshot, states, tempFolders, V1, writeTree } from './fixtures.js'

const temp = tempFolders()
after(() => temp.cleanup())

describe('remove', () => {
  test('deletes what you did not change, keeps what you did, and forgets the package', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const other = await makePackage(temp, { 'config/blog.ts': 'export default { shop: true }\n' }, '3.0.0')
    const shop = other.map((file) => ({ ...file, package: 'shop', destination: 'config/shop.ts' }))
    const app = await temp.make('app')
    await writeTree(app, { 'config/app.ts': 'export default {}\n', 'templates/welcome.edge': 'hi\n' })
    await publish(app, v1)
    await publish(app, shop)
    await writeFile(join(app, 'config/blog.ts'), 'export default { per_page: 5 }\n')
    await writeFile(join(app, 'templates/vendor/blog/posts/show.edge'), '<p>mine</p>\n')

    const before = await snapshot(app)
    const dry = await remove(app, 'blog', { dry: true })
    assert.deepEqual(await snapshot(app), before)

    const results = await remove(app, 'blog')
    assert.deepEqual(results, dry)
    const byDestination = states(results)
    assert.equal(byDestination['config/blog.ts'], 'kept')
    assert.equal(byDestination['templates/vendor/blog/posts/show.edge'], 'kept')
    assert.equal(byDestination['templates/vendor/blog/admin/index.edge'], 'deleted')
    assert.equal(results.filter((result) => result.state === 'deleted').length, v1.length - 2)

    assert.deepEqual(await listFiles(app).then((files) => files.filter((path) => !path.startsWith('.mortar/'))), [
      'config/app.ts',
      'config/blog.ts',
      'config/shop.ts',
      'templates/vendor/blog/posts/show.edge',
      'templates/welcome.edge',
    ])
    assert.equal(await exists(join(app, 'public/vendor/blog')), false, 'the emptied vendor folder is gone')
    assert.equal(await exists(join(app, 'templates/vendor/blog/admin')), false)
    assert.equal(await exists(join(app, 'databases/migrations')), true, 'app folders stay')

    const ledger = await readLedger(app)
    assert.deepEqual(Object.keys(ledger.files), ['config/shop.ts'])
    assert.deepEqual(await readdir(join(app, '.mortar/base')), [ledger.files['config/shop.ts'].written])
    assert.equal(await read(app, 'config/blog.ts'), 'export default { per_page: 5 }\n')

    assert.deepEqual(await remove(app, 'blog'), [], 'removing again has nothing to do')
  })
})
