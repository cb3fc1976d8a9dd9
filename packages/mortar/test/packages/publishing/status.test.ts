import assert from 'node:assert/strict'
import { unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { publish, status } from '../../../src/publishing/index.js'
import { makePackage, read, snapshot, states, tempFolders, V1, V2 } from './fixtures.js'

const temp = tempFolders()
after(() => temp.cleanup())

describe('status', () => {
  test('just after publishing everything is unchanged and nothing needs attention', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    const report = await status(app, v1)
    assert.equal(report.files.length, v1.length)
    assert.ok(report.files.every((file) => file.state === 'unchanged'))
    assert.equal(report.needsAttention, false)
    assert.deepEqual(report.counts, { unchanged: v1.length })
  })

  test('reports each state against the installed version, and reads only', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const v2 = await makePackage(temp, V2, '2.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    await writeFile(join(app, 'config/blog.ts'), (await read(app, 'config/blog.ts')).replace('per_page: 10', 'per_page: 25'))
    await writeFile(join(app, 'templates/vendor/blog/posts/ünïcode page.edge'), '<p>mine</p>\n')
    await unlink(join(app, 'templates/vendor/blog/posts/show.edge'))
    const before = await snapshot(app)

    const report = await status(app, v2)
    const byDestination = states(report.files)
    assert.deepEqual(Object.fromEntries(Object.entries(byDestination).filter(([path]) => !path.startsWith('databases/'))), {
      'config/blog.ts': 'changed-both',
      'public/vendor/blog/app.css': 'changed-upstream',
      'public/vendor/blog/legacy.css': 'removed-upstream',
      'public/vendor/blog/logo.png': 'unchanged',
      'templates/vendor/blog/admin/index.edge': 'changed-upstream',
      'templates/vendor/blog/posts/index.edge': 'added-upstream',
      'templates/vendor/blog/posts/show.edge': 'missing',
      'templates/vendor/blog/posts/ünïcode page.edge': 'changed-by-you',
    })
    const migration = report.files.find((file) => file.resource === 'migrations')
    assert.equal(migration?.state, 'unchanged')
    assert.equal(report.files.find((f) => f.destination === 'config/blog.ts')?.publishedVersion, '1.0.0')
    assert.equal(report.files.find((f) => f.destination === 'config/blog.ts')?.installedVersion, '2.0.0')
    assert.equal(report.needsAttention, true)
    assert.deepEqual(await snapshot(app), before)
  })

  test('only your own edits and deletions need no attention', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    await writeFile(join(app, 'config/blog.ts'), 'export default {}\n')
    await unlink(join(app, 'public/vendor/blog/app.css'))
    const report = await status(app, v1)
    assert.deepEqual(report.counts, { 'changed-by-you': 1, missing: 1, unchanged: v1.length - 2 })
    assert.equal(report.needsAttention, false)
  })

  test('an uninstalled package named in `packages` shows its files as removed upstream', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    const report = await status(app, [], { packages: ['blog'] })
    assert.ok(report.files.length === v1.length && report.files.every((file) => file.state === 'removed-upstream'))
    assert.deepEqual((await status(app, [])).files, [])
  })
})
