import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { lockPath, withPublishLock } from '../../../src/packages/publish_lock.js'
import { publish } from '../../../src/packages/publisher.js'
import { exists } from '../../../src/support/fs.js'
import { makePackage, tempFolders, V1 } from './fixtures.js'

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
