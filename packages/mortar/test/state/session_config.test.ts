// Driver choice errors: memory refused in production, an unknown driver, an unreachable Redis.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Application, generateAppKey } from 'mortar'
import { createTestApp } from 'mortar/testing'
import { freePort } from '../support/temp_app.js'
import { removeStateApp, writeStateApp } from './support.js'

describe('session driver errors', () => {
  let root: string
  before(() => {
    root = writeStateApp()
  })
  after(() => removeStateApp(root))

  it('refuses the memory driver in production and names an unknown driver', async () => {
    for (const [driver, message] of [
      ['memory', /memory session driver .* refused in production/],
      ['files', /Unknown session driver "files"/],
    ] as const) {
      const app = await Application.create({
        root,
        environment: 'production',
        config: { 'session.driver': driver, 'app.key': generateAppKey() },
      })
      await app.boot()
      try {
        assert.throws(
          () => app.sessions.store,
          (error: { code?: string; message?: string }) => error.code === 'E_SESSION_DRIVER' && message.test(error.message ?? ''),
        )
      } finally {
        await app.shutdown()
      }
    }
  })

  it('an unreachable Redis is E_SESSION_STORE naming its URL, answered as a 500 without hanging', async () => {
    const port = await freePort()
    const app = await createTestApp({
      root,
      config: { 'session.driver': 'redis', 'session.redis': { url: `redis://127.0.0.1:${port}`, prefix: 'x:' } },
    })
    try {
      ;(await app.get('/put/a/b')).assertStatus(500)
      const error = app.app.reportedErrors.at(-1) as { code?: string; message?: string }
      assert.equal(error.code, 'E_SESSION_STORE')
      assert.match(error.message ?? '', new RegExp(`Cannot reach Redis at redis://127.0.0.1:${port}`))
    } finally {
      await app.close()
    }
  })
})
