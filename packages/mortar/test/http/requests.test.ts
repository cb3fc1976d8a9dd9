// The HTTP layer in-process, through mortar/testing: every Set-Cookie reaches the client; bodies
// are parsed safely (malformed ones are a 400, never a 500; forms nest; prototype keys are
// refused and pollute nothing); body limits; `_method` spoofing from forms only; trailing-slash
// twins, 405 with Allow and HEAD-only routes; ctx.ip() and trustedProxies; security headers.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { writeFiles } from '../core/support.js'
import { createTempApp, removeTempApp } from '../support/temp_app.js'
import { HTTP_APP_FILES } from './app_files.js'

const form = (body: string) => ({ body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
const json = (body: string) => ({ body, headers: { 'content-type': 'application/json', accept: 'application/json' } })
const polluted = () => Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined

describe('the HTTP layer, in-process', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'http' })
    writeFiles(root, HTTP_APP_FILES)
    app = await createTestApp({ root })
  })

  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('sends every Set-Cookie: one set by a middleware before next(), one appended after it, one by the handler', async () => {
    const response = (await app.get('/cookies')).assertOk()
    assert.deepEqual(response.headers.getSetCookie().sort(), ['handler=3; Path=/', 'inner=2; Path=/', 'outer=1; Path=/'])
  })

  it('copies context headers into an answer once: a header a middleware changed after next() keeps its change', async () => {
    const response = (await app.get('/override')).assertOk().assertHeader('x-choice', 'middleware')
    assert.deepEqual(response.headers.getSetCookie(), ['outer=1; Path=/'])
  })

  it('answers a malformed JSON body with a 400 saying so, as JSON, and reports nothing', async () => {
    const reported = app.app.reportedErrors.length
    const response = (await app.post('/echo', json('{"name":'))).assertStatus(400)
    assert.match(response.json().error.message, /^The JSON body is malformed/)
    assert.equal(app.app.reportedErrors.length, reported)
    ;(await app.post('/echo', json('{"name":"Ada"}'))).assertOk().assertJson({ body: { name: 'Ada' } })
  })

  it('parses forms: repeated names and name[] give arrays, name[key] nested objects, name[0][key] arrays of objects', async () => {
    const body = 'x=1&x=2&tags[]=a&tags[]=b&one[]=only&user[name]=Ada&user[roles][]=admin&items[0][name]=a&items[1][name]=b&plain=%C3%A9'
    ;(await app.post('/echo', form(body))).assertOk().assertJson({
      method: 'POST',
      body: {
        x: ['1', '2'],
        tags: ['a', 'b'],
        one: ['only'],
        user: { name: 'Ada', roles: ['admin'] },
        items: [{ name: 'a' }, { name: 'b' }],
        plain: 'é',
      },
    })
    const multipart = new FormData()
    multipart.append('user[name]', 'Ada')
    multipart.append('tags[]', 'a')
    multipart.append('tags[]', 'b')
    ;(await app.request('PUT', '/echo', { body: multipart }))
      .assertOk()
      .assertJson({ method: 'PUT', body: { user: { name: 'Ada' }, tags: ['a', 'b'] } })
  })

  it('answers 400 for forms with more than 1,000 fields, nesting deeper than 10, or contradicting names', async () => {
    const fields = (count: number) => Array.from({ length: count }, (_, index) => `f${index}=${index}`).join('&')
    ;(await app.post('/echo', form(fields(1000)))).assertOk()
    ;(await app.post('/echo', form(fields(1001)))).assertStatus(400).assertSee('more than 1000 fields')
    const nested = (depth: number) => `a${'[k]'.repeat(depth)}=1`
    ;(await app.post('/echo', form(nested(10)))).assertOk()
    ;(await app.post('/echo', form(nested(11)))).assertStatus(400).assertSee('nested deeper than 10 levels')
    ;(await app.post('/echo', form('a=1&a[b]=2'))).assertStatus(400).assertSee('conflicts with another field')
    const broken = await app.request('POST', '/echo', {
      body: '--x\r\nbroken',
      headers: { 'content-type': 'multipart/form-data; boundary=nope' },
    })
    broken.assertStatus(400).assertSee('multipart form body is malformed')
  })

  it('refuses __proto__, constructor and prototype in forms and JSON, and no body or query string changes Object.prototype', async () => {
    for (const body of ['__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes', 'a[__proto__][polluted]=yes', 'prototype=1']) {
      ;(await app.post('/echo', form(body))).assertStatus(400).assertSee('cannot be field names')
    }
    const multipart = new FormData()
    multipart.append('__proto__[polluted]', 'yes')
    ;(await app.post('/echo', { body: multipart })).assertStatus(400)
    for (const body of [
      '{"__proto__":{"polluted":"yes"}}',
      '{"a":[{"__proto__":{"polluted":"yes"}}]}',
      '{"\\u005f_proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
    ]) {
      const response = (await app.post('/echo', json(body))).assertStatus(400)
      assert.match(response.json().error.message, /could change object prototypes/)
    }
    // A key named constructor holding plain data is data.
    ;(await app.post('/echo', json('{"constructor":"Ford"}'))).assertOk().assertJson({ body: { constructor: 'Ford' } })
    const query = await app.get('/query?__proto__[polluted]=yes&__proto__=yes&constructor[prototype][polluted]=yes&prototype=1')
    query.assertOk()
    assert.equal(polluted(), false)
  })

  it('answers 413 for a body over the route limit or app.bodyLimit (1 MB), before the handler reads it', async () => {
    ;(await app.post('/small', { body: 'x'.repeat(2048), headers: { 'content-type': 'text/plain' } })).assertOk().assertJson({ size: 2048 })
    const over = (await app.post('/small', { body: 'x'.repeat(2049), headers: { 'content-type': 'text/plain' } })).assertStatus(413)
    over.assertSee('larger than the limit of 2 KB')
    const megabyte = 'x'.repeat(1024 * 1024)
    ;(await app.post('/echo', { body: megabyte, headers: { 'content-type': 'text/plain' } })).assertOk()
    ;(await app.post('/echo', { body: `${megabyte}x`, headers: { 'content-type': 'text/plain' } })).assertStatus(413)
    ;(await app.post('/large', { body: `${megabyte}x`, headers: { 'content-type': 'text/plain' } })).assertOk()
    // A declared length over the limit is refused from the header alone.
    ;(await app.post('/small', { body: 'tiny', headers: { 'content-type': 'text/plain', 'content-length': '999999' } })).assertStatus(413)
  })

  it('routes a form POST with _method=PUT|PATCH|DELETE as that method; never from the query string or JSON', async () => {
    ;(await app.post('/items/5', form('_method=DELETE'))).assertOk().assertJson({ deleted: '5', method: 'DELETE' })
    ;(await app.post('/items/5', form('_method=patch&title=x'))).assertOk().assertJson({ patched: '5', method: 'PATCH' })
    const multipart = new FormData()
    multipart.append('_method', 'PUT')
    multipart.append('name', 'Ada')
    ;(await app.post('/echo', { body: multipart })).assertOk().assertJson({ method: 'PUT', body: { _method: 'PUT', name: 'Ada' } })
    ;(await app.post('/items/5?_method=DELETE', form('title=x'))).assertOk().assertJson({ posted: '5', method: 'POST' })
    ;(await app.post('/items/5', json('{"_method":"DELETE"}'))).assertOk().assertJson({ posted: '5', method: 'POST' })
    // Only PUT, PATCH and DELETE: anything else stays a POST.
    ;(await app.post('/items/5', form('_method=GET'))).assertOk().assertJson({ posted: '5', method: 'POST' })
  })

  it('serves a route at the path it was declared with, and redirects its trailing-slash twin with a 308 on this origin', async () => {
    ;(await app.get('/package/test/')).assertOk().assertSee('declared with a slash')
    ;(await app.get('/package/test?page=2')).assertStatus(308).assertHeader('location', '/package/test/?page=2')
    ;(await app.get('/plain')).assertOk().assertSee('declared without')
    ;(await app.post('/items/5/', form('_method=DELETE'))).assertStatus(308).assertHeader('location', '/items/5')
    ;(await app.get('/plain/')).assertStatus(308).assertHeader('location', '/plain')
    assert.equal(app.app.routes.url('slashed'), '/package/test/')
    const listed = (await app.craft('routes:list', ['--json'])).assertSuccess()
    const paths = (JSON.parse(listed.output) as { path: string }[]).map((route) => route.path)
    assert.ok(paths.includes('/package/test/') && paths.includes('/plain'), paths.join(' '))
  })

  it('answers a wrong method on a known path with 405 and Allow; a HEAD-only route answers HEAD', async () => {
    const wrong = (await app.request('DELETE', '/plain')).assertStatus(405)
    wrong.assertHeader('allow', 'GET, HEAD')
    ;(await app.get('/items/5')).assertStatus(405).assertHeader('allow', 'POST, PATCH, DELETE')
    ;(await app.request('PUT', '/data', { headers: { accept: 'application/json' } }))
      .assertStatus(405)
      .assertJson({ error: { status: 405 } })
    ;(await app.request('HEAD', '/probe')).assertNoContent().assertHeader('x-probe', 'yes')
    ;(await app.get('/probe')).assertStatus(405).assertHeader('allow', 'HEAD')
    ;(await app.get('/nowhere')).assertNotFound()
  })

  it('gives the client address as 127.0.0.1 in-process, whatever X-Forwarded-For says', async () => {
    ;(await app.get('/ip', { headers: { 'x-forwarded-for': '203.0.113.9' } })).assertOk().assertJson({ ip: '127.0.0.1' })
  })

  it('adds security headers to HTML answers (error pages too), keeps a handler’s own, and none to JSON', async () => {
    for (const path of ['/page', '/nowhere', '/cookies']) {
      const page = await app.get(path)
      page.assertHeader('x-content-type-options', 'nosniff').assertHeader('referrer-policy', 'strict-origin-when-cross-origin')
      page.assertHeader('x-frame-options', 'SAMEORIGIN')
      assert.equal(page.headers.get('strict-transport-security'), null, 'no HSTS outside production')
    }
    ;(await app.get('/own-frame')).assertHeader('x-frame-options', 'DENY')
    const data = (await app.get('/data')).assertOk()
    assert.equal(data.headers.get('x-frame-options'), null)
  })
})

describe('HTTP settings in config', () => {
  let root: string

  before(() => {
    root = createTempApp({ name: 'http-config' })
    writeFiles(root, HTTP_APP_FILES)
  })
  after(() => removeTempApp(root))

  const withConfig = async (config: Record<string, unknown>, run: (app: TestApp) => Promise<void>) => {
    const app = await createTestApp({ root, config, migrate: false })
    try {
      await run(app)
    } finally {
      await app.close()
    }
  }

  it('app.securityHeaders takes Hono secure-headers options, and false turns them off', async () => {
    await withConfig({ 'app.securityHeaders': { xFrameOptions: 'DENY', referrerPolicy: 'no-referrer' } }, async (app) => {
      ;(await app.get('/page')).assertHeader('x-frame-options', 'DENY').assertHeader('referrer-policy', 'no-referrer')
    })
    await withConfig({ 'app.securityHeaders': false }, async (app) => {
      assert.equal((await app.get('/page')).headers.get('x-content-type-options'), null)
    })
  })

  it('app.bodyLimit sets the default limit; a route’s own limit still wins', async () => {
    await withConfig({ 'app.bodyLimit': '10kb' }, async (app) => {
      const text = { 'content-type': 'text/plain' }
      ;(await app.post('/echo', { body: 'x'.repeat(10 * 1024 + 1), headers: text })).assertStatus(413)
      ;(await app.post('/large', { body: 'x'.repeat(10 * 1024 + 1), headers: text })).assertOk()
    })
  })

  it('app.trustedProxies as a number of hops reads X-Forwarded-For from the right', async () => {
    await withConfig({ 'app.trustedProxies': 1 }, async (app) => {
      const answer = await app.get('/ip', { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' } })
      answer.assertJson({ ip: '203.0.113.7' })
    })
  })

  it('an invalid setting fails the first request’s kernel build with E_HTTP_CONFIG_INVALID naming it', async () => {
    await withConfig({ 'app.trustedProxies': ['not-an-address'] }, async (app) => {
      assert.throws(() => app.app.httpKernel(), { code: 'E_HTTP_CONFIG_INVALID', message: /app\.trustedProxies: "not-an-address"/ })
    })
    await withConfig({ 'app.bodyLimit': 'lots' }, async (app) => {
      assert.throws(() => app.app.httpKernel(), { code: 'E_HTTP_CONFIG_INVALID', message: /app\.bodyLimit: "lots" is not a size/ })
    })
  })
})

describe('trailing-slash twins never redirect to another host', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'http-twins' })
    // A route matching any path that does not end with a slash, so `//evil.example` would match.
    writeFiles(root, {
      'routes/web.ts': `import { Route } from 'mortar'
export default [Route.get('/:rest{.*[a-z]}', (ctx) => ({ rest: ctx.params.rest }))]
`,
    })
    app = await createTestApp({ root, migrate: false })
  })
  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('answers //evil.example/ with a 404, not a redirect to //evil.example', async () => {
    ;(await app.get('/posts/')).assertStatus(308).assertHeader('location', '/posts')
    for (const path of ['//evil.example/', '//evil.example//', '/\\evil.example/']) {
      const response = await app.get(path)
      assert.notEqual(response.status, 308, `${path} redirected to ${response.headers.get('location')}`)
      assert.equal(response.headers.get('location'), null)
    }
  })
})
