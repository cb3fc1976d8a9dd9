import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { lockPath, publish, withPublishLock } from '../../../src/publishing/index.js'
import { exists } from '../../../src/support/fs.js'
import { makePackage, tempFolders, V1, writeTree } from './fixtures.js'

const temp = tempFolders()
after(() => temp.cleanup())

async function lockedApp(pid: number): Promise<string> {
  const app = await temp.make('app')
  await mkdir(join(app, '.mortar'))
  await writeFile(lockPath(app), `${pid}\n`)
  return app
}

describe('publish lock', () => {
  test('a lock held by a live process is E_LEDGER_LOCKED, naming the pid, after a bounded wait', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
    try {
      assert.ok(holder.pid)
      const app = await lockedApp(holder.pid)
      const files = await makePackage(temp, V1, '1.0.0')
      const started = Date.now()
      await assert.rejects(publish(app, files, { lockTimeoutMs: 300 }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_LEDGER_LOCKED')
        assert.match(error.message, new RegExp(`process ${holder.pid} holds`))
        assert.match(error.message, /Retry/)
        return true
      })
      assert.ok(Date.now() - started >= 300)
      assert.equal(await readFile(lockPath(app), 'utf8'), `${holder.pid}\n`, 'a live lock is left alone')
      assert.equal(await exists(join(app, 'config/blog.ts')), false)
    } finally {
      holder.kill()
    }
  })

  test('a lock whose process is dead is taken over, and released afterwards', async () => {
    const { pid } = spawnSync(process.execPath, ['-e', '0'])
    assert.ok(pid)
    const app = await lockedApp(pid)
    const files = await makePackage(temp, V1, '1.0.0')
    const results = await publish(app, files, { lockTimeoutMs: 300 })
    assert.ok(results.every((result) => result.state === 'written'))
    assert.equal(await exists(lockPath(app)), false)
  })

  test("taking over a dead holder's lock deletes the temp files its killed writes left, and only those", async () => {
    const { pid } = spawnSync(process.execPath, ['-e', '0'])
    assert.ok(pid)
    const app = await lockedApp(pid)
    const files = await makePackage(temp, V1, '1.0.0')
    // What a publish, update or remove killed mid-write leaves beside its destinations.
    const leftovers = [
      `.mortar/.ledger.json.${pid}.0a1b2c3d.tmp`,
      `.mortar/base/.${'e'.repeat(64)}.${pid}.00ff00ff.tmp`,
      `config/.blog.ts.${pid}.12345678.tmp`,
      `databases/migrations/.2026_01_01_000000_create_posts_table.ts.${pid}.9abcdef0.tmp`,
      `templates/vendor/blog/admin/.index.edge.${pid}.deadbeef.tmp`,
      `public/vendor/blog/.logo.png.${pid}.cafef00d.tmp`,
    ]
    // A live process's temp file, files that only look like temp files, and a dead process's temp
    // file where publishing never writes: all stay.
    const kept = [
      `templates/vendor/blog/.index.edge.${process.pid}.deadbeef.tmp`,
      `templates/vendor/blog/.index.edge.${pid}1.deadbeef.tmp`,
      `templates/vendor/blog/index.edge.${pid}.deadbeef.tmp`,
      'public/vendor/blog/notes.tmp',
      `app/.notes.ts.${pid}.deadbeef.tmp`,
    ]
    await writeTree(app, Object.fromEntries([...leftovers, ...kept].map((path) => [path, 'partial'])))

    const results = await publish(app, files, { lockTimeoutMs: 300 })
    assert.ok(results.every((result) => result.state === 'written'))
    for (const path of leftovers) assert.equal(await exists(join(app, path)), false, `${path} is deleted`)
    for (const path of kept) assert.equal(await readFile(join(app, path), 'utf8'), 'partial', `${path} is kept`)
    assert.equal(await exists(lockPath(app)), false)
  })

  test('a holder that finishes within the wait lets the next one in; one at a time', async () => {
    const app = await temp.make('app')
    const order: string[] = []
    const first = withPublishLock(app, async () => {
      order.push('first in')
      await sleep(150)
      order.push('first out')
    })
    await sleep(20)
    const second = withPublishLock(app, async () => {
      order.push('second in')
    })
    await Promise.all([first, second])
    assert.deepEqual(order, ['first in', 'first out', 'second in'])
    await rm(join(app, '.mortar'), { recursive: true })
  })
})
