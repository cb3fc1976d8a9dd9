// One set of session cases run against every driver (as Hono runs one router suite against each
// router): put/get, flash, regenerate, invalidate and expiry, through HTTP and mortar/testing.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { removeStateApp, writeStateApp } from './support.js'

/** How one driver is set up: config for the test app, and a cleanup after it closed. */
export interface DriverSetup {
  config: () => Promise<Record<string, unknown>> | Record<string, unknown>
  cleanup?: () => Promise<void>
  /** Whether an id replaced by regenerate/invalidate stops working (not for cookie sessions, which the server cannot revoke). */
  revokes: boolean
}

const COOKIE = 'mortar_session'

export function sessionSuite(name: string, setup: DriverSetup): void {
  describe(`sessions: ${name}`, () => {
    let root: string
    let app: TestApp

    before(async () => {
      root = writeStateApp()
      app = await createTestApp({
        root,
        config: { 'session.idle_lifetime': 10, 'session.absolute_lifetime': 30, ...(await setup.config()) },
      })
    })
    after(async () => {
      await app?.close()
      await setup.cleanup?.()
      removeStateApp(root)
    })

    it('starts no session for a page that uses none', async () => {
      app.cookies.clear()
      ;(await app.get('/plain')).assertOk().assertCookieMissing(COOKIE)
      ;(await app.get('/get/x')).assertOk().assertCookieMissing(COOKIE).assertJson({ value: null })
      assert.equal(app.cookies.size, 0)
    })

    it('keeps what is put across requests: get, all, forget, pull, increment', async () => {
      app.cookies.clear()
      ;(await app.get('/put/colour/blue')).assertOk().assertCookie(COOKIE).assertSessionHas('colour', 'blue')
      ;(await app.get('/put/size/large')).assertOk()
      ;(await app.get('/get/colour')).assertJson({ value: 'blue', all: { colour: 'blue', size: 'large' } })
      ;(await app.get('/count')).assertJson({ count: 1 })
      ;(await app.get('/count')).assertJson({ count: 2 }).assertSessionHas('count', 2)
      ;(await app.get('/forget/size')).assertSessionMissing('size')
      ;(await app.get('/pull/colour')).assertJson({ value: 'blue' }).assertSessionMissing('colour')
      ;(await app.get('/get/colour')).assertJson({ value: null })
      assert.deepEqual(await app.session(), { count: 2 })
    })

    it('sets no cookie for a request that only reads, until a minute has passed since the last write', async () => {
      app.cookies.clear()
      ;(await app.get('/put/colour/blue')).assertCookie(COOKIE)
      ;(await app.get('/get/colour')).assertJson({ value: 'blue' }).assertCookieMissing(COOKIE).assertCookieMissing(`${COOKIE}_data`)
      app.travel(61_000)
      ;(await app.get('/get/colour')).assertJson({ value: 'blue' }).assertCookie(COOKIE)
      ;(await app.get('/get/colour')).assertJson({ value: 'blue' }).assertCookieMissing(COOKIE)
    })

    it('flashes a value for the next request only, and reflash keeps it one more', async () => {
      app.cookies.clear()
      await app.get('/flash/Saved')
      ;(await app.get('/status')).assertSee('<p id="status">Saved</p>')
      ;(await app.get('/status')).assertSee('<p id="status">none</p>')
      await app.get('/flash/Again')
      ;(await app.get('/reflash')).assertJson({ status: 'Again' })
      ;(await app.get('/status')).assertSee('<p id="status">Again</p>')
      ;(await app.get('/status')).assertSee('<p id="status">none</p>')
    })

    it('regenerate gives a new id and keeps the data; the old id is worthless', async () => {
      app.cookies.clear()
      await app.withSession({ user: 'ada' })
      const before = (await app.get('/id')).json<{ id: string }>().id
      const oldCookies = app.cookies.header()
      const after = (await app.get('/regenerate')).assertCookie(COOKIE).json<{ id: string }>().id
      assert.notEqual(after, before)
      ;(await app.get('/get/user')).assertJson({ value: 'ada' })
      if (setup.revokes) {
        ;(await app.get('/get/user', { cookies: false, headers: { cookie: oldCookies } })).assertJson({ value: null })
      }
    })

    it('invalidate gives a new id and no data', async () => {
      app.cookies.clear()
      await app.withSession({ user: 'ada' })
      const oldCookies = app.cookies.header()
      const token = await app.csrfToken()
      ;(await app.get('/invalidate')).assertOk().assertSessionMissing('user')
      ;(await app.get('/get/user')).assertJson({ value: null })
      assert.notEqual(await app.csrfToken(), token, 'a new CSRF token too')
      if (setup.revokes) {
        ;(await app.get('/get/user', { cookies: false, headers: { cookie: oldCookies } })).assertJson({ value: null })
      }
    })

    it('ends a session idle past its idle lifetime, and any past its absolute lifetime', async () => {
      app.cookies.clear()
      await app.withSession({ user: 'ada' })
      app.travel(9 * 60_000)
      ;(await app.get('/get/user')).assertJson({ value: 'ada' })
      app.travel(11 * 60_000)
      ;(await app.get('/get/user')).assertJson({ value: null })

      app.cookies.clear()
      await app.withSession({ user: 'bob' })
      for (let minute = 0; minute < 27; minute += 9) {
        app.travel(9 * 60_000)
        ;(await app.get('/get/user')).assertJson({ value: 'bob' })
      }
      app.travel(4 * 60_000)
      ;(await app.get('/get/user')).assertJson({ value: null })
    })
  })
}
