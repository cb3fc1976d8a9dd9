// Attacks on the state layer, through HTTP and mortar/testing, on the database session driver:
// forged session cookies, session fixation, cross-site request forgery with tokens from elsewhere,
// open redirects through back(), and prototype keys in session data and cookie names. Each
// attack must read as nothing and change nothing. (Tampered and swapped app cookies, a missing
// or wrong CSRF token, a cross-origin Referer and prototype keys in bodies and query strings are
// in state/http_state.test.ts and http/requests.test.ts.)
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { generateAppKey } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { removeStateApp, STATE_APP_FILES, writeStateApp } from '../state/support.js'

// The state app's routes, and a few an attack aims at: a POST that changes the session, a login
// that regenerates, a logout that invalidates, and a page that reads a cookie by any name.
const ROUTES = (STATE_APP_FILES['routes/web.ts'] as string).replace(
  /\]\n$/,
  `  Route.post('/posts', (ctx: HttpContext) => ({ posts: ctx.session.increment('posts') })),
  Route.get('/login/:user', async (ctx: HttpContext) => {
    await ctx.session.regenerate()
    ctx.session.put('user', ctx.params.user)
    return { id: ctx.session.id, token: ctx.session.token }
  }),
  Route.get('/logout', async (ctx: HttpContext) => {
    await ctx.session.invalidate()
    return { id: ctx.session.id }
  }),
  Route.get('/cookie/named/:name', (ctx: HttpContext) => ({
    value: ctx.cookies.get(ctx.params.name, { encrypted: false }) ?? null,
    decrypted: ctx.cookies.get(ctx.params.name) ?? null,
  })),
]
`,
)

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype']

/** Object.prototype as it is now: its own names and a probe property that pollution would add. */
function prototypeState(): string {
  const probe = {} as Record<string, unknown>
  return JSON.stringify({ names: Object.getOwnPropertyNames(Object.prototype).sort(), probe: probe.polluted ?? null })
}

describe('attacks on state', () => {
  let root: string
  let app: TestApp
  const rows = async () => (await app.db().selectFrom('sessions').select('id').execute()).length
  const posts = async () => ((await app.get('/get/posts')).json() as { value: number | null }).value

  before(async () => {
    root = writeStateApp({ 'routes/web.ts': ROUTES })
    app = await createTestApp({ root, csrf: true })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('a tampered, truncated, other-named, other-key or made-up session cookie reads as no session', async () => {
    app.cookies.clear()
    await app.withSession({ user: 'alice' })
    const genuine = app.cookies.get('mortar_session') as string
    ;(await app.get('/get/user')).assertJson({ value: 'alice' })
    await app.get('/cookie/set')
    const secret = app.cookies.get('secret') as string
    const signed = app.cookies.get('signed') as string

    const other = await createTestApp({ root, config: { 'app.key': generateAppKey() } })
    let foreign: string
    try {
      await other.withSession({ user: 'alice' })
      foreign = other.cookies.get('mortar_session') as string
    } finally {
      await other.close()
    }
    const middle = Math.floor(genuine.length / 2)
    const forged: Record<string, string> = {
      flipped: genuine.slice(0, middle) + (genuine[middle] === 'A' ? 'B' : 'A') + genuine.slice(middle + 1),
      'cut by 4': genuine.slice(0, -4),
      halved: genuine.slice(0, middle),
      'grown by 4': `${genuine}AAAA`,
      'another cookie’s value': secret,
      'a signed cookie’s value': signed,
      'made with another app key': foreign,
      'a made-up id': 'attacker-chosen-session-id',
      empty: '',
    }
    const stored = await rows()
    for (const [what, value] of Object.entries(forged)) {
      app.cookies.clear()
      app.cookies.set('mortar_session', value)
      const read = await app.get('/get/user')
      read.assertOk().assertJson({ value: null, all: {} })
      // At most the unreadable cookie is deleted; no session is started for it.
      const set = read.headers.getSetCookie()
      assert.ok(
        set.every((line) => /^mortar_session=; .*Max-Age=0/.test(line)),
        `${what}: ${set.join(' | ')}`,
      )
    }
    assert.equal(await rows(), stored, 'no forged cookie made a row')

    // The app's other cookies, truncated, read as absent too.
    app.cookies.clear()
    app.cookies.set('secret', secret.slice(0, -1))
    app.cookies.set('signed', signed.slice(0, -1))
    ;(await app.get('/cookie/get')).assertJson({ secret: null, signed: null })
  })

  it('session fixation: the id and token planted before a login are not the ones after it', async () => {
    // The attacker gets a session of their own, with its token, and plants its cookie in the victim's browser.
    app.cookies.clear()
    const plantedToken = await app.csrfToken()
    const planted = app.cookies.get('mortar_session') as string
    const plantedId = ((await app.get('/id')).json() as { id: string }).id

    // The victim, carrying the planted cookie, logs in.
    const login = (await app.get('/login/victim')).assertOk()
    const { id, token } = login.json() as { id: string; token: string }
    assert.notEqual(id, plantedId)
    assert.notEqual(token, plantedToken)
    assert.notEqual(app.cookies.get('mortar_session'), planted)
    ;(await app.get('/get/user')).assertJson({ value: 'victim' })

    // The planted cookie does not lead to the victim's session…
    const victim = app.cookies.get('mortar_session') as string
    app.cookies.set('mortar_session', planted)
    ;(await app.get('/get/user')).assertJson({ value: null })
    // …and the planted session's token does not pass a forged request in the victim's session.
    app.cookies.set('mortar_session', victim)
    ;(await app.post('/posts', { headers: { 'x-csrf-token': plantedToken } })).assertStatus(419)
    assert.equal(await posts(), null, 'the forged request changed nothing')

    // An id the attacker made up is never adopted: the login gets a random one.
    app.cookies.clear()
    app.cookies.set('mortar_session', 'attacker-chosen-session-id')
    const made = (await app.get('/login/victim')).json() as { id: string }
    assert.notEqual(made.id, 'attacker-chosen-session-id')
    assert.ok(made.id.length >= 40, made.id)
  })

  it('CSRF: another session’s token, a token from before regenerate() or invalidate(), or one in the query string give 419 and change nothing', async () => {
    // Another visitor's session and token.
    app.cookies.clear()
    const othersToken = await app.csrfToken()

    app.cookies.clear()
    const token = await app.csrfToken()
    ;(await app.post('/posts', { headers: { 'x-csrf-token': token } })).assertOk().assertJson({ posts: 1 })

    const refused = async (options: Parameters<TestApp['post']>[1], path = '/posts') => {
      const answer = await app.post(path, options)
      answer.assertStatus(419)
    }
    await refused({ headers: { 'x-csrf-token': othersToken } })
    await refused({ form: { _token: othersToken } })
    await refused({ json: { _token: othersToken } })
    await refused({}, `/posts?_token=${encodeURIComponent(token)}`)
    await refused({ form: { '_token[]': token } })
    await refused({ headers: { 'x-csrf-token': token.slice(0, -1) } })
    await refused({ headers: { 'x-csrf-token': `${token}x` } })
    // A form with no token at all (the test app would otherwise add the session's).
    app.withoutCsrf()
    await refused({ form: {} })
    assert.equal(await posts(), 1, 'no refused request changed the session')

    const beforeRegenerate = await app.csrfToken()
    await app.get('/login/alice')
    await refused({ headers: { 'x-csrf-token': beforeRegenerate } })
    await refused({ form: { _token: beforeRegenerate } })
    const beforeInvalidate = await app.csrfToken()
    await app.get('/logout')
    await refused({ headers: { 'x-csrf-token': beforeInvalidate } })
    await refused({ headers: { 'x-csrf-token': token } })
    assert.equal(await posts(), null, 'after logout the session is empty, and nothing was added')

    // The current token still passes.
    ;(await app.post('/posts', { headers: { 'x-csrf-token': await app.csrfToken() } })).assertOk().assertJson({ posts: 1 })
  })

  it('back() never leads off the site, whatever a same-origin-looking Referer carries', async () => {
    app.cookies.clear()
    const token = await app.csrfToken()
    const back = (referer: string) => app.post('/save', { headers: { referer, 'x-csrf-token': token } })
    const offSite = [
      'http://127.0.0.1//evil.example/phish',
      'http://127.0.0.1/\\evil.example/phish',
      'http://127.0.0.1.evil.example/phish',
      'http://127.0.0.1@evil.example/phish',
      'https://127.0.0.1/phish',
      'http://127.0.0.1:8443/phish',
      '//evil.example/phish',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'not a url at all',
    ]
    for (const referer of offSite) (await back(referer)).assertStatus(303).assertRedirect('/fallback')
    ;(await back('http://127.0.0.1/named/9?x=1')).assertRedirect('/named/9?x=1')
  })

  it('__proto__, constructor and prototype as session keys and cookie names pollute nothing', async () => {
    const before = prototypeState()
    app.cookies.clear()
    for (const key of PROTOTYPE_KEYS) (await app.get(`/put/${key}/polluted`)).assertOk()
    const all = ((await app.get('/get/__proto__')).json() as { value: unknown; all: Record<string, unknown> }).all
    assert.deepEqual(Object.keys(all).sort(), [...PROTOTYPE_KEYS].sort())
    for (const key of PROTOTYPE_KEYS) (await app.get(`/get/${key}`)).assertJson({ value: 'polluted' })
    ;(await app.get('/get/polluted')).assertJson({ value: null })

    const cookie = PROTOTYPE_KEYS.map((name) => `${name}=polluted`).join('; ')
    for (const name of [...PROTOTYPE_KEYS, 'polluted', 'toString', 'hasOwnProperty']) {
      const read = await app.get(`/cookie/named/${name}`, { cookies: false, headers: { cookie } })
      read.assertOk().assertJson({ value: PROTOTYPE_KEYS.includes(name) ? 'polluted' : null, decrypted: null })
    }
    // A query string and a JSON body on the state routes, for good measure.
    ;(await app.get('/get/x?__proto__[polluted]=1&constructor[prototype][polluted]=1')).assertOk()
    const token = await app.csrfToken()
    ;(
      await app.post('/submit', { headers: { 'x-csrf-token': token }, json: { constructor: { prototype: { polluted: 1 } } } })
    ).assertStatus(400)
    assert.equal(prototypeState(), before)
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })
})
