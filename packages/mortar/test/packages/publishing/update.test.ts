import assert from 'node:assert/strict'
import { stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { contentHash, hasConflicts, ledgerPath, parseContent, publish, readLedger, status, update } from '../../../src/publishing/index.js'
import { makePackage, read, snapshot, states, tempFolders, V1, V2 } from './fixtures.js'

const temp = tempFolders()
after(() => temp.cleanup())

const CONFIG = 'config/blog.ts'
const ADMIN = 'templates/vendor/blog/admin/index.edge'

async function publishedApp() {
  const v1 = await makePackage(temp, V1, '1.0.0')
  const v2 = await makePackage(temp, V2, '2.0.0')
  const app = await temp.make('app')
  await publish(app, v1)
  return { v1, v2, app }
}

async function edit(app: string, path: string, from: string, to: string) {
  const text = await read(app, path)
  assert.ok(text.includes(from), `${path} holds ${from}`)
  await writeFile(join(app, path), text.replace(from, to))
}

describe('update', () => {
  test('replaces untouched files, merges your edits with upstream ones, adds and reports the rest', async () => {
    const { v2, app } = await publishedApp()
    await edit(app, CONFIG, 'per_page: 10', 'per_page: 25')
    await writeFile(join(app, 'templates/vendor/blog/posts/ünïcode page.edge'), '<p>mine</p>\n')

    const results = await update(app, v2)
    const byDestination = states(results)
    assert.deepEqual(Object.fromEntries(Object.entries(byDestination).filter(([path]) => !path.startsWith('databases/'))), {
      [CONFIG]: 'merged',
      [ADMIN]: 'replaced',
      'public/vendor/blog/app.css': 'replaced',
      'public/vendor/blog/legacy.css': 'removed-upstream',
      'public/vendor/blog/logo.png': 'unchanged',
      'templates/vendor/blog/posts/index.edge': 'added',
      'templates/vendor/blog/posts/show.edge': 'unchanged',
      'templates/vendor/blog/posts/ünïcode page.edge': 'kept',
    })
    assert.equal(hasConflicts(results), false)

    const merged = await read(app, CONFIG)
    assert.match(merged, /per_page: 25,/)
    assert.match(merged, /theme: 'auto',/)
    assert.equal(await read(app, ADMIN), V2['templates/admin/index.edge'])
    assert.equal(await read(app, 'templates/vendor/blog/posts/index.edge'), V2['templates/posts/index.edge'])
    assert.equal(await read(app, 'public/vendor/blog/legacy.css'), V1['assets/legacy.css'], 'left in place')
    assert.equal(await read(app, 'templates/vendor/blog/posts/ünïcode page.edge'), '<p>mine</p>\n')

    const ledger = await readLedger(app)
    assert.equal(ledger.files[CONFIG].version, '2.0.0')
    assert.equal(ledger.files[CONFIG].written, contentHash(parseContent(Buffer.from(V2[CONFIG]))), 'the new upstream is the next base')
    assert.equal(ledger.files['public/vendor/blog/legacy.css'], undefined)
    assert.ok(Object.values(ledger.files).every((entry) => entry.version === '2.0.0'))

    const after = await status(app, v2)
    assert.equal(after.needsAttention, false)
    assert.equal(states(after.files)[CONFIG], 'changed-by-you')

    // A second run has nothing to do and writes nothing.
    const before = await snapshot(app)
    const again = await update(app, v2)
    assert.ok(
      again.every((result) => ['unchanged', 'kept'].includes(result.state)),
      JSON.stringify(states(again)),
    )
    assert.deepEqual(await snapshot(app), before)
  })

  test('the same lines changed on both sides: conflict markers, and the ledger stays on the old version', async () => {
    const { v2, app } = await publishedApp()
    await edit(app, ADMIN, '<h1>Posts</h1>', '<h1>Articles</h1>')
    const ledgerBefore = (await readLedger(app)).files[ADMIN]

    const results = await update(app, v2)
    assert.equal(states(results)[ADMIN], 'conflict')
    assert.equal(results.find((r) => r.destination === ADMIN)?.conflicts, 1)
    assert.equal(hasConflicts(results), true)
    assert.equal(
      await read(app, ADMIN),
      [
        '<main>',
        '<<<<<<< yours',
        '  <h1>Articles</h1>',
        '||||||| blog 1.0.0',
        '  <h1>Posts</h1>',
        '=======',
        '  <h1>All posts</h1>',
        '>>>>>>> blog 2.0.0',
        '  <ul>',
        '    @each(post in posts)',
        '      <li>{{ post.title }}</li>',
        '    @end',
        '  </ul>',
        '  <footer>blog admin</footer>',
        '</main>',
        '',
      ].join('\n'),
    )
    const entry = (await readLedger(app)).files[ADMIN]
    assert.equal(entry.version, '1.0.0')
    assert.equal(entry.written, ledgerBefore.written)
    assert.equal(entry.upstream, ledgerBefore.upstream)
    assert.equal(entry.pending?.version, '2.0.0')

    const report = await status(app, v2)
    assert.equal(states(report.files)[ADMIN], 'conflict')
    assert.equal(report.needsAttention, true)

    // Running again before resolving changes nothing.
    const mtime = (await stat(join(app, ADMIN))).mtimeMs
    assert.equal(states(await update(app, v2))[ADMIN], 'conflict')
    assert.equal((await stat(join(app, ADMIN))).mtimeMs, mtime)

    // Resolve by hand, then run update again to mark it resolved.
    await writeFile(join(app, ADMIN), (V2['templates/admin/index.edge'] as string).replace('All posts', 'All articles'))
    assert.equal(states(await update(app, v2))[ADMIN], 'resolved')
    const resolved = (await readLedger(app)).files[ADMIN]
    assert.equal(resolved.version, '2.0.0')
    assert.equal(resolved.pending, undefined)
    assert.equal(resolved.written, contentHash(parseContent(Buffer.from(V2['templates/admin/index.edge']))))
    const clean = await status(app, v2)
    assert.equal(states(clean.files)[ADMIN], 'changed-by-you')
    assert.equal(clean.needsAttention, false)
  })

  test('publish --force also resolves a conflict, by taking the package copy', async () => {
    const { v2, app } = await publishedApp()
    await edit(app, ADMIN, '<h1>Posts</h1>', '<h1>Articles</h1>')
    await update(app, v2)
    const forced = await publish(app, v2, { force: true })
    assert.equal(states(forced)[ADMIN], 'overwritten')
    assert.equal(await read(app, ADMIN), V2['templates/admin/index.edge'])
    assert.equal((await readLedger(app)).files[ADMIN].pending, undefined)
    assert.equal(states((await status(app, v2)).files)[ADMIN], 'unchanged')
  })

  test('deleting a conflicted file and publishing takes the package copy of that file only', async () => {
    const { v2, app } = await publishedApp()
    await edit(app, ADMIN, '<h1>Posts</h1>', '<h1>Articles</h1>')
    await edit(app, CONFIG, 'per_page: 10', 'per_page: 25')
    await update(app, v2)
    await unlink(join(app, ADMIN))
    const results = await publish(app, v2)
    assert.equal(states(results)[ADMIN], 'written')
    assert.equal(states(results)[CONFIG], 'skipped-changed', 'your merged edit is kept')
    assert.match(await read(app, CONFIG), /per_page: 25/)
    assert.equal(await read(app, ADMIN), V2['templates/admin/index.edge'])
    assert.equal((await status(app, v2)).needsAttention, false)
  })

  test('dry returns a unified diff per file and writes nothing', async () => {
    const { v2, app } = await publishedApp()
    await edit(app, CONFIG, 'per_page: 10', 'per_page: 25')
    const before = await snapshot(app)
    const ledgerMtime = (await stat(ledgerPath(app))).mtimeMs

    const results = await update(app, v2, { dry: true })
    assert.deepEqual(await snapshot(app), before)
    assert.equal((await stat(ledgerPath(app))).mtimeMs, ledgerMtime)

    const config = results.find((r) => r.destination === CONFIG)
    assert.equal(config?.state, 'merged')
    assert.equal(
      config?.diff,
      [
        '--- a/config/blog.ts',
        '+++ b/config/blog.ts',
        '@@ -7,5 +7,5 @@',
        '     enabled: true,',
        '     items: 20,',
        '   },',
        "-  theme: 'light',",
        "+  theme: 'auto',",
        ' }',
        '',
      ].join('\n'),
    )
    const added = results.find((r) => r.destination === 'templates/vendor/blog/posts/index.edge')
    assert.equal(added?.diff, '--- /dev/null\n+++ b/templates/vendor/blog/posts/index.edge\n@@ -0,0 +1 @@\n+<section>posts</section>\n')
    assert.match(results.find((r) => r.destination === ADMIN)?.diff ?? '', /^- {2}<h1>Posts<\/h1>\n\+ {2}<h1>All posts<\/h1>$/m)
    assert.equal(results.find((r) => r.state === 'unchanged')?.diff, undefined)
  })
})
