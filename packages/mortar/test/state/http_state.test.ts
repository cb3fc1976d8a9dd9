// Cookies, CSRF, flash and redirects through HTTP and mortar/testing, on the default (database) driver.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { generateAppKey } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { removeStateApp, writeStateApp } from './support.js'

describe('ctx.cookies', () => {
  let root: string
  let app: TestApp
  before(async () => {
    root = writeStateApp()
    app = await createTestApp({ root })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('encrypts by default, HttpOnly and SameSite=Lax, with every attribute available', async () => {
    const response = (await app.get('/cookie/set')).assertCookie('secret').assertCookie('plain').assertCookie('signed')
    const lines = response.headers.getSetCookie()
    const line = (name: string) => lines.find((l) => l.startsWith(`${name}=`)) as string
    assert.doesNotMatch(line('secret'), /"n"|%22n/)
    assert.match(line('secret'), /; Path=\/; HttpOnly; SameSite=Lax$/)
    assert.doesNotMatch(line('secret'), /Secure/, 'not Secure outside production')
    assert.match(line('plain'), /^plain=hello%20world;/)
    assert.match(line('signed'), /^signed=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/)
    assert.equal(
      line('tuned').replace(/^tuned=[^;]+/, 'tuned=…'),
      'tuned=…; Path=/cookie; Domain=example.test; Max-Age=60; HttpOnly; Secure; SameSite=Strict; Partitioned',
    )
    ;(await app.get('/cookie/get')).assertJson({ secret: { n: 1 }, plain: 'hello world', plainAsEncrypted: null, signed: 'visible' })
  })

  it('reads a tampered, foreign or swapped cookie as undefined', async () => {
    await app.get('/cookie/set')
    const secret = app.cookies.get('secret') as string
    const signed = app.cookies.get('signed') as string
    const flipped = secret.slice(0, 10) + (secret[10] === 'A' ? 'B' : 'A') + secret.slice(11)
    app.cookies.set('secret', flipped)
    app.cookies.set('signed', signed.replace(/^[^.]+/, Buffer.from('"changed"').toString('base64url')))
    ;(await app.get('/cookie/get')).assertJson({ secret: null, signed: null })
    // Another cookie's encrypted value, moved under this name, does not decrypt either.
    await app.get('/cookie/set')
    await app.get('/put/a/b')
    app.cookies.set('secret', app.cookies.get('mortar_session') as string)
    ;(await app.get('/cookie/get')).assertJson({ secret: null })
    // A cookie made with another app key.
    const other = await createTestApp({ root, config: { 'app.key': generateAppKey() } })
    try {
      await other.get('/cookie/set')
      app.cookies.set('secret', other.cookies.get('secret') as string)
      ;(await app.get('/cookie/get')).assertJson({ secret: null })
    } finally {
      await other.close()
    }
  })

  it('deletes a cookie', async () => {
    await app.get('/cookie/set')
    const response = await app.get('/cookie/delete')
    assert.match(response.headers.getSetCookie().join('\n'), /^secret=; Path=\/; Max-Age=0; Expires=Thu, 01 Jan 1970/m)
    assert.equal(app.cookies.has('secret'), false)
  })
})

describe('a session cookie in production, and stored nothing for a cookie-less visitor', () => {
  let root: string
  let app: TestApp
  before(async () => {
    root = writeStateApp()
    app = await createTestApp({ root })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('a cookie-less GET of a page that uses no session sets no cookie and stores no row', async () => {
    const plain = await app.get('/plain')
    plain.assertOk()
    assert.deepEqual(plain.headers.getSetCookie(), [])
    ;(await app.get('/get/x')).assertOk()
    ;(await app.get('/status')).assertSee('none')
    assert.equal((await app.db().selectFrom('sessions').selectAll().execute()).length, 0)
    ;(await app.get('/put/a/1')).assertCookie('mortar_session')
    assert.equal((await app.db().selectFrom('sessions').selectAll().execute()).length, 1)
  })

  it('writes an unchanged session at most once a minute', async () => {
    app.cookies.clear()
    await app.get('/put/a/1')
    const row = async () =>
      (await app.db().selectFrom('sessions').select('last_activity').orderBy('last_activity', 'desc').executeTakeFirstOrThrow())
        .last_activity
    const first = Number(await row())
    app.travel(30_000)
    await app.get('/get/a')
    assert.equal(Number(await row()), first, 'unchanged within a minute: not written')
    app.travel(31_000)
    await app.get('/get/a')
    assert.ok(Number(await row()) >= first + 61_000, 'touched after a minute')
  })

  it('craft session:prune deletes expired sessions', async () => {
    app.cookies.clear()
    await app.get('/put/a/1')
    const count = async () => (await app.db().selectFrom('sessions').selectAll().execute()).length
    assert.ok((await count()) >= 1)
    app.travel(121 * 60_000)
    ;(await app.craft('session:prune')).assertSuccess().assertOutputContains('Pruned')
    assert.equal(await count(), 0)
  })
})

describe('the pruning lottery', () => {
  it('prunes expired sessions on a write when the lottery says so', async () => {
    const root = writeStateApp()
    const app = await createTestApp({ root, config: { 'session.lottery': [1, 1] } })
    try {
      await app.get('/put/a/1')
      app.cookies.clear()
      app.travel(121 * 60_000)
      await app.get('/put/b/2')
      const rows = await app.db().selectFrom('sessions').selectAll().execute()
      assert.equal(rows.length, 1, 'only the session just written is left')
    } finally {
      await app.close()
      removeStateApp(root)
    }
  })
})

describe('CSRF', () => {
  let root: string
  let app: TestApp
  before(async () => {
    root = writeStateApp({ 'config/session.ts': "export default { except: ['/webhooks/*'] }\n" })
    app = await createTestApp({ root, csrf: true })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('passes with the _token field that csrfField() renders', async () => {
    app.cookies.clear()
    const form = (await app.get('/form')).assertOk().assertCookie('mortar_session')
    const field = /<input type="hidden" name="_token" value="([^"]+)">/.exec(form.text)?.[1]
    assert.ok(field, form.text)
    assert.match(form.text, new RegExp(`<p id="token">${field}</p>`))
    ;(await app.post('/submit', { form: { _token: field, title: 'Hi' } })).assertOk().assertJson({ got: 'Hi' })
    ;(await app.post('/submit', { json: { _token: field, title: 'Json' } })).assertOk().assertJson({ got: 'Json' })
  })

  it('passes with X-CSRF-TOKEN, and with X-XSRF-TOKEN echoing the XSRF-TOKEN cookie', async () => {
    app.cookies.clear()
    const token = await app.csrfToken()
    ;(await app.post('/submit', { json: { title: 'A' }, headers: { 'x-csrf-token': token } })).assertOk()
    // The XSRF-TOKEN cookie comes on answers to requests that already have a session; scripts may read it.
    const page = await app.get('/plain')
    const xsrf = page.headers.getSetCookie().find((line) => line.startsWith('XSRF-TOKEN=')) as string
    assert.ok(xsrf)
    assert.doesNotMatch(xsrf, /HttpOnly/)
    const echoed = decodeURIComponent(/^XSRF-TOKEN=([^;]+)/.exec(xsrf)?.[1] ?? '')
    ;(await app.post('/submit', { json: { title: 'B' }, headers: { 'x-xsrf-token': echoed } })).assertOk().assertJson({ got: 'B' })
  })

  it('sets no XSRF-TOKEN cookie for a visitor without a session', async () => {
    app.cookies.clear()
    ;(await app.get('/plain')).assertCookieMissing('XSRF-TOKEN')
    ;(await app.get('/form')).assertCookieMissing('XSRF-TOKEN')
  })

  it('answers 419, as HTML or JSON, for a missing or wrong token, whatever the cookie says', async () => {
    app.cookies.clear()
    await app.csrfToken()
    // The test app sends the session's token with a form unless told not to.
    ;(await app.withoutCsrf().post('/submit', { form: { title: 'x' } })).assertStatus(419).assertSee('Page Expired')
    ;(await app.post('/submit', { json: { title: 'x' } })).assertStatus(419).assertJson({ error: { status: 419 } })
    ;(await app.post('/submit', { form: { _token: 'wrong', title: 'x' } })).assertStatus(419)
    // The cookie's value sent back in the header is checked against the session, not the cookie.
    app.cookies.set('XSRF-TOKEN', 'forged')
    ;(await app.post('/submit', { json: {}, headers: { 'x-xsrf-token': 'forged' } })).assertStatus(419)
    // No session at all.
    app.cookies.clear()
    ;(await app.post('/submit', { form: { _token: '', title: 'x' } })).assertStatus(419)
    ;(await app.delete('/submit')).assertStatus(405)
  })

  it('leaves except paths and the stateless api group alone', async () => {
    app.cookies.clear()
    ;(await app.post('/webhooks/stripe')).assertOk().assertJson({ hook: true })
    const api = (await app.post('/api/things', { json: { a: 1 } })).assertCreated()
    assert.deepEqual(api.headers.getSetCookie(), [])
    ;(await app.get('/api/session')).assertStatus(500)
    assert.match(String(app.app.reportedErrors.at(-1)), /does not run the session middleware/)
  })
})

describe('flash and redirects', () => {
  let root: string
  let app: TestApp
  before(async () => {
    root = writeStateApp()
    app = await createTestApp({ root })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('back() goes to the page the session recorded, 303 after a POST, with the flashed value', async () => {
    app.cookies.clear()
    await app.withSession({})
    ;(await app.get('/form')).assertOk()
    ;(await app.post('/save', { form: { a: '1' } })).assertStatus(303).assertRedirect('/form').assertSessionHas('status', 'Saved')
    ;(await app.get('/status')).assertSee('<p id="status">Saved</p>')
  })

  it('back() uses a same-host Referer, never another origin, else the fallback', async () => {
    app.cookies.clear()
    ;(await app.post('/save', { headers: { referer: 'http://127.0.0.1/named/9?x=1' } })).assertRedirect('/named/9?x=1')
    ;(await app.post('/save', { headers: { referer: 'https://evil.test/phish' } })).assertRedirect('/fallback')
    ;(await app.post('/save')).assertRedirect('/fallback')
  })

  it('records the previous page only for a session that already exists (it starts none)', async () => {
    app.cookies.clear()
    ;(await app.get('/form')).assertOk()
    app.cookies.clear()
    ;(await app.get('/plain')).assertCookieMissing('mortar_session')
  })

  it('to(), route(), the old ctx.redirect(location, status), and following redirects', async () => {
    ;(await app.get('/go/to')).assertStatus(302).assertRedirect('/plain')
    ;(await app.get('/go/named')).assertRedirect('/named/4')
    ;(await app.get('/go/old')).assertStatus(301).assertRedirect('/plain')
    ;(await app.get('/go/named', { followRedirects: true })).assertOk().assertJson({ id: '4' })
    await app.withSession({})
    await app.get('/form')
    ;(await app.post('/save', { followRedirects: true })).assertOk().assertSee('name="_token"')
  })

  it('refuses a cookie session over 4 KB with its error', async () => {
    const cookieApp = await createTestApp({ root, config: { 'session.driver': 'cookie' } })
    try {
      ;(await cookieApp.get('/big')).assertStatus(500)
      const error = cookieApp.app.reportedErrors.at(-1) as { code?: string; message?: string }
      assert.equal(error.code, 'E_COOKIE_TOO_LARGE')
      assert.match(error.message ?? '', /too large for the cookie driver/)
    } finally {
      await cookieApp.close()
    }
  })
})

describe('key rotation', () => {
  it('a key moved to APP_PREVIOUS_KEYS keeps the session', async () => {
    const root = writeStateApp()
    const oldKey = generateAppKey()
    const before = await createTestApp({ root, config: { 'app.key': oldKey, 'session.driver': 'cookie' } })
    try {
      await before.withSession({ user_id: 42 })
      const after = await createTestApp({
        root,
        config: { 'app.key': generateAppKey(), 'app.previous_keys': oldKey, 'session.driver': 'cookie' },
      })
      const stranger = await createTestApp({ root, config: { 'app.key': generateAppKey(), 'session.driver': 'cookie' } })
      try {
        for (const [name, value] of new URLSearchParams(before.cookies.header().replaceAll('; ', '&'))) {
          after.cookies.set(name, value)
          stranger.cookies.set(name, value)
        }
        ;(await after.get('/get/user_id')).assertJson({ value: 42 })
        ;(await stranger.get('/get/user_id')).assertJson({ value: null })
      } finally {
        await after.close()
        await stranger.close()
      }
    } finally {
      await before.close()
      removeStateApp(root)
    }
  })
})
