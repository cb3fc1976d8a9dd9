import assert from 'node:assert/strict'
import { readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { contentHash, findPublishedMigration, ledgerPath, parseContent, publish, readLedger } from '../../../src/publishing/index.js'
import { listFiles, makePackage, read, snapshot, states, tempFolders, V1, writeTree } from './fixtures.js'

const temp = tempFolders()
after(() => temp.cleanup())

const MIGRATION = /^databases\/migrations\/\d{4}_\d{2}_\d{2}_\d{6}_create_posts_table\.ts$/

describe('publish', () => {
  test('writes every file, returns one result per file and records them in the ledger', async () => {
    const files = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    const results = await publish(app, files)

    assert.equal(results.length, files.length)
    assert.ok(results.every((result) => result.state === 'written'))
    assert.equal(await read(app, 'config/blog.ts'), V1['config/blog.ts'])
    assert.equal(await read(app, 'templates/vendor/blog/posts/ünïcode page.edge'), '<p>café</p>\n')
    assert.deepEqual(new Uint8Array(await readFile(join(app, 'public/vendor/blog/logo.png'))), V1['assets/logo.png'])

    const migration = results.find((result) => result.resource === 'migrations')
    assert.match(migration?.destination ?? '', MIGRATION)
    const published = await read(app, migration?.destination ?? '')
    assert.equal(published, `// mortar:published blog migrations/create_posts_table.ts\n${V1['migrations/create_posts_table.ts']}`)

    const ledger = await readLedger(app)
    assert.deepEqual(Object.keys(ledger.files).sort(), results.map((result) => result.destination).sort())
    const entry = ledger.files['config/blog.ts']
    assert.equal(entry.version, '1.0.0')
    assert.equal(entry.upstream, contentHash(parseContent(Buffer.from(V1['config/blog.ts']))))
    assert.equal(ledger.files[migration?.destination ?? ''].written, contentHash(parseContent(Buffer.from(published))))
    assert.notEqual(ledger.files[migration?.destination ?? ''].written, ledger.files[migration?.destination ?? ''].upstream)

    // The ledger is pretty-printed with sorted keys, and every written file has its base.
    const raw = await readFile(ledgerPath(app), 'utf8')
    assert.equal(raw, `${JSON.stringify(JSON.parse(raw), null, 2)}\n`)
    assert.ok(raw.indexOf('"destination"') < raw.indexOf('"package"') && raw.indexOf('"files"') < raw.indexOf('"version": 1'))
    const bases = await readdir(join(app, '.mortar/base'))
    assert.deepEqual(bases.sort(), [...new Set(Object.values(ledger.files).map((e) => e.written))].sort())
    assert.equal(await readFile(join(app, '.mortar/base', entry.written), 'utf8'), V1['config/blog.ts'])
  })

  test('republishing twice changes nothing: all unchanged, ledger untouched, no second migration', async () => {
    const files = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await publish(app, files)
    const before = await snapshot(app)
    const ledgerMtime = (await stat(ledgerPath(app))).mtimeMs

    for (let round = 0; round < 2; round++) {
      const results = await publish(app, files)
      assert.ok(
        results.every((result) => result.state === 'unchanged'),
        JSON.stringify(states(results)),
      )
    }
    // Every file is untouched; only `.mortar/` itself changes, where each publish takes its lock.
    const { '.mortar/': _, ...after } = await snapshot(app)
    const { '.mortar/': __, ...expected } = before
    assert.deepEqual(after, expected)
    assert.equal((await stat(ledgerPath(app))).mtimeMs, ledgerMtime)
    assert.equal((await readdir(join(app, 'databases/migrations'))).length, 1)
  })

  test('dry computes the same results and writes nothing at all', async () => {
    const files = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await writeTree(app, { 'config/app.ts': 'export default {}\n' })
    const before = await snapshot(app)

    const dry = await publish(app, files, { dry: true })
    assert.ok(dry.every((result) => result.state === 'written'))
    assert.deepEqual(await snapshot(app), before)
    assert.deepEqual(await listFiles(app), ['config/app.ts'])

    // On a published app with an edit, dry reports what a real run would do, and still writes nothing.
    await publish(app, files)
    await writeFile(join(app, 'config/blog.ts'), 'export default { per_page: 5 }\n')
    const published = await snapshot(app)
    const dryAgain = await publish(app, files, { dry: true, force: true })
    assert.deepEqual(await snapshot(app), published)
    assert.equal(states(dryAgain)['config/blog.ts'], 'overwritten')
    assert.deepEqual(
      dryAgain.map((r) => r.state),
      (await publish(app, files, { force: true })).map((r) => r.state),
    )
  })

  test('a file you changed is kept, and replaced only with force', async () => {
    const files = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await publish(app, files)
    const mine = (V1['config/blog.ts'] as string).replace('per_page: 10', 'per_page: 25')
    await writeFile(join(app, 'config/blog.ts'), mine)

    const kept = await publish(app, files)
    assert.equal(states(kept)['config/blog.ts'], 'skipped-changed')
    assert.equal(await read(app, 'config/blog.ts'), mine)

    const forced = await publish(app, files, { force: true })
    assert.equal(states(forced)['config/blog.ts'], 'overwritten')
    assert.equal(states(forced)['templates/vendor/blog/admin/index.edge'], 'unchanged')
    assert.equal(await read(app, 'config/blog.ts'), V1['config/blog.ts'])
  })

  test('a file already there that the ledger does not know is kept unless force; an identical one is adopted', async () => {
    const files = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await writeTree(app, {
      'config/blog.ts': 'export default { mine: true }\n',
      'public/vendor/blog/app.css': V1['assets/app.css'],
    })

    const results = await publish(app, files)
    assert.equal(states(results)['config/blog.ts'], 'skipped-exists')
    assert.equal(states(results)['public/vendor/blog/app.css'], 'unchanged')
    assert.equal(await read(app, 'config/blog.ts'), 'export default { mine: true }\n')
    const ledger = await readLedger(app)
    assert.equal(ledger.files['config/blog.ts'], undefined)
    assert.ok(ledger.files['public/vendor/blog/app.css'])

    assert.equal(states(await publish(app, files, { force: true }))['config/blog.ts'], 'overwritten')
    assert.equal(await read(app, 'config/blog.ts'), V1['config/blog.ts'])
  })

  test('a migration published by hand (it has the header) is not published twice', async () => {
    const files = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    const byHand = 'databases/migrations/2020_01_01_000000_create_posts_table.ts'
    const migration = files.find((file) => file.resource === 'migrations')
    assert.ok(migration?.transform)
    await writeTree(app, { [byHand]: migration.transform(V1['migrations/create_posts_table.ts'] as string) })

    const found = await findPublishedMigration(app, await readLedger(app), {
      package: 'blog',
      sourcePath: 'migrations/create_posts_table.ts',
    })
    assert.deepEqual(found, { destination: byHand, recorded: false })

    const results = await publish(app, files)
    assert.equal(states(results)[byHand], 'unchanged')
    assert.deepEqual(await readdir(join(app, 'databases/migrations')), ['2020_01_01_000000_create_posts_table.ts'])
    const recorded = await findPublishedMigration(app, await readLedger(app), {
      package: 'blog',
      sourcePath: 'migrations/create_posts_table.ts',
    })
    assert.deepEqual(recorded, { destination: byHand, recorded: true })

    // Edited by hand: kept, still not duplicated.
    const app2 = await temp.make('app')
    await writeTree(app2, { [byHand]: `${migration.transform(V1['migrations/create_posts_table.ts'] as string)}// mine\n` })
    assert.equal(states(await publish(app2, files))[byHand], 'skipped-exists')
    assert.equal((await readdir(join(app2, 'databases/migrations'))).length, 1)
  })

  test('a published file you deleted is published again', async () => {
    const files = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    const first = await publish(app, files)
    const migration = first.find((result) => result.resource === 'migrations')?.destination ?? ''
    await unlink(join(app, 'templates/vendor/blog/posts/show.edge'))
    await unlink(join(app, migration))

    const again = await publish(app, files)
    assert.equal(states(again)['templates/vendor/blog/posts/show.edge'], 'written')
    assert.equal(states(again)[migration], 'written', 'the migration keeps its first timestamp')
    assert.equal(await read(app, 'templates/vendor/blog/posts/show.edge'), V1['templates/posts/show.edge'])
  })

  test('a destination outside the app is refused', async () => {
    const files = await makePackage(temp, { 'config/blog.ts': 'x\n' }, '1.0.0')
    const app = await temp.make('app')
    await assert.rejects(publish(app, [{ ...files[0], destination: '../escape.ts' }]), { code: 'E_PACKAGE_PATH_ESCAPE' })
  })
})
