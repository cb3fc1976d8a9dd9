import assert from 'node:assert/strict'
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { ledgerPath, publish, readLedger, rebuildLedger, status, update } from '../../../src/publishing/index.js'
import { makePackage, read, states, tempFolders, V1, V2 } from './fixtures.js'

const temp = tempFolders()
after(() => temp.cleanup())

describe('ledger', () => {
  test('a ledger that is not JSON is E_LEDGER_CORRUPT, naming the file and the way to rebuild it', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const app = await temp.make('app')
    await publish(app, v1)
    await writeFile(ledgerPath(app), '{ "version": 1, "files": {')

    for (const attempt of [() => publish(app, v1), () => status(app, v1), () => update(app, v1, { dry: true })]) {
      await assert.rejects(attempt, (error: Error & { code?: string; hint?: string }) => {
        assert.equal(error.code, 'E_LEDGER_CORRUPT')
        assert.ok(error.message.includes(ledgerPath(app)), error.message)
        assert.match(error.message, /not valid JSON/)
        assert.match(error.hint ?? '', /craft package:rebuild-ledger/)
        return true
      })
    }
  })

  test('a ledger that fails validation, or holds git conflict markers, is corrupt too', async () => {
    const app = await temp.make('app')
    const cases: [string, RegExp][] = [
      ['{"version":1,"files":{"config/blog.ts":{"package":"blog"}}}', /entry for "config\/blog.ts" has no "version"/],
      ['{"version":2,"files":{}}', /format version 2/],
      ['[]', /not a JSON object/],
      ['<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n', /git merge conflict markers/],
    ]
    await mkdir(join(app, '.mortar'))
    for (const [raw, why] of cases) {
      await writeFile(ledgerPath(app), raw)
      await assert.rejects(
        readLedger(app),
        (error: Error & { code?: string }) => error.code === 'E_LEDGER_CORRUPT' && why.test(error.message),
      )
    }
    const entry = {
      package: 'blog',
      version: '1',
      resource: 'config',
      sourcePath: 'x',
      publishedAt: 'now',
      upstream: 'a'.repeat(64),
      written: 'a'.repeat(64),
    }
    await writeFile(
      ledgerPath(app),
      JSON.stringify({ version: 1, files: { '../../etc/passwd': { ...entry, destination: '../../etc/passwd' } } }),
    )
    await assert.rejects(readLedger(app), /leaves the app/)
  })

  test('rebuildLedger recreates entries from the files on disk', async () => {
    const v1 = await makePackage(temp, V1, '1.0.0')
    const v2 = await makePackage(temp, V2, '2.0.0')
    const app = await temp.make('app')
    const published = await publish(app, v1)
    const migration = published.find((result) => result.resource === 'migrations')?.destination ?? ''
    await writeFile(join(app, 'config/blog.ts'), (await read(app, 'config/blog.ts')).replace('per_page: 10', 'per_page: 25'))
    await unlink(join(app, 'public/vendor/blog/legacy.css'))
    await writeFile(ledgerPath(app), 'garbage')

    const results = await rebuildLedger(app, v1)
    const byDestination = states(results)
    assert.equal(byDestination['config/blog.ts'], 'changed')
    assert.equal(byDestination['templates/vendor/blog/admin/index.edge'], 'unchanged')
    assert.equal(byDestination[migration], 'unchanged', 'the migration is found by its header')
    assert.equal(byDestination['public/vendor/blog/legacy.css'], 'not-published')

    const ledger = await readLedger(app)
    assert.equal(ledger.files['public/vendor/blog/legacy.css'], undefined)
    assert.ok(ledger.files[migration])
    const report = await status(app, v1)
    assert.equal(states(report.files)['config/blog.ts'], 'changed-by-you')
    assert.equal(report.files.filter((file) => file.state === 'unchanged').length, v1.length - 2)

    // The rebuilt ledger is good enough to merge on: the recorded base is the current upstream.
    const updated = await update(app, v2)
    assert.equal(states(updated)['config/blog.ts'], 'merged')
    assert.match(await read(app, 'config/blog.ts'), /per_page: 25,[\s\S]*theme: 'auto'/)
    assert.ok((await readFile(ledgerPath(app), 'utf8')).endsWith('}\n'))
  })
})
