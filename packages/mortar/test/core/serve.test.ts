// `craft serve` on a real socket against an app scaffolded by create-mortar: pages, JSON, named
// routes, error answers, static files (caching headers, ranges, path traversal) and the
// development reload.
import assert from 'node:assert/strict'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp, type ServedApp, serveApp } from '../support/temp_app.js'
import { rawRequest, sleep, writeFiles } from './support.js'

const WEB_ROUTES = `import { Route } from 'mortar'
import { PageController } from '../app/controllers/page_controller.js'

export default [
  Route.get('/', 'WelcomeController@show').name('welcome'),
  Route.get('/posts/:id', [PageController, 'show']).name('posts.show'),
  Route.get('/links', [PageController, 'links']).name('links'),
  Route.get('/greet/:name', (ctx) => \`<p>Hello \${ctx.params.name}</p>\`),
]
`

const FILES: Record<string, string> = {
  'routes/web.ts': WEB_ROUTES,
  'routes/api.ts': `import { Route } from 'mortar'

export default [
  Route.get('/health', () => ({ status: 'ok' })).name('api.health'),
  Route.get('/things/:id', (ctx) => ({ id: ctx.params.id, kind: 'thing' })),
  Route.post('/things', async (ctx) => ctx.json({ created: await ctx.body() }, 201)),
]
`,
  'app/controllers/page_controller.ts': `import { type HttpContext, route, view } from 'mortar'

export class PageController {
  show(ctx: HttpContext) {
    return { id: Number(ctx.params.id), url: route('posts.show', { id: ctx.params.id }) }
  }

  links() {
    return view('links', { fromHandler: route('posts.show', { id: 3 }) })
  }
}
`,
  'templates/links.edge': `<p id="handler">{{ fromHandler }}</p>\n<p id="view">{{ route('posts.show', { id: 7 }) }}</p>\n`,
  'public/files/data.txt': 'abcdefghijklmnopqrstuvwxyz'.repeat(40),
  'secret.txt': 'TOP-SECRET outside public',
}

describe('craft serve: an app answering on a real socket', { timeout: 120_000 }, () => {
  let root: string
  let served: ServedApp

  before(async () => {
    root = createTempApp({ name: 'serve' })
    writeFiles(root, FILES)
    // A link inside public/ that leads out of it must not be followed.
    symlinkSync(join(root, 'secret.txt'), join(root, 'public', 'leak.txt'))
    served = await serveApp(root)
  })

  after(async () => {
    await served?.stop()
    if (root) removeTempApp(root)
  })

  it('shows the welcome page at /', async () => {
    const response = await fetch(`${served.url}/`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(await response.text(), /Your Mortar application is running/)
  })

  it('passes route parameters and answers a plain object as JSON', async () => {
    const response = await fetch(`${served.url}/posts/42`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
    assert.deepEqual(await response.json(), { id: 42, url: '/posts/42' })
  })

  it('answers a returned string as HTML', async () => {
    const response = await fetch(`${served.url}/greet/ada`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/)
    assert.equal(await response.text(), '<p>Hello ada</p>')
  })

  it("builds a named route's URL with route(), in a handler and in a view", async () => {
    const html = await (await fetch(`${served.url}/links`)).text()
    assert.match(html, /<p id="handler">\/posts\/3<\/p>/)
    assert.match(html, /<p id="view">\/posts\/7<\/p>/)
  })

  it('serves routes/api.ts under /api, with a 201 answer in one line', async () => {
    const got = await fetch(`${served.url}/api/things/9`)
    assert.deepEqual(await got.json(), { id: '9', kind: 'thing' })
    const created = await fetch(`${served.url}/api/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hi' }),
    })
    assert.equal(created.status, 201)
    assert.deepEqual(await created.json(), { created: { title: 'Hi' } })
  })

  it('answers an unknown web path with an HTML 404 and an unknown /api path with a JSON 404', async () => {
    const web = await fetch(`${served.url}/no/such/page`)
    assert.equal(web.status, 404)
    assert.match(web.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(await web.text(), /404 Not Found/)

    const api = await fetch(`${served.url}/api/nothing-here`)
    assert.equal(api.status, 404)
    assert.match(api.headers.get('content-type') ?? '', /^application\/json/)
    const body = (await api.json()) as { error: { status: number } }
    assert.equal(body.error.status, 404)
  })

  it('serves a file from public/ with ETag and Last-Modified, and 304 for a matching If-None-Match', async () => {
    const first = await fetch(`${served.url}/files/data.txt`)
    assert.equal(first.status, 200)
    assert.equal(await first.text(), FILES['public/files/data.txt'])
    const etag = first.headers.get('etag')
    assert.ok(etag, 'an ETag header')
    assert.ok(first.headers.get('last-modified'), 'a Last-Modified header')

    const again = await fetch(`${served.url}/files/data.txt`, { headers: { 'if-none-match': etag } })
    assert.equal(again.status, 304)
    assert.equal(await again.text(), '')

    const stale = await fetch(`${served.url}/files/data.txt`, { headers: { 'if-none-match': 'W/"something-else"' } })
    assert.equal(stale.status, 200)
    await stale.arrayBuffer()
  })

  it('answers a Range request with 206 and just those bytes', async () => {
    const response = await fetch(`${served.url}/files/data.txt`, { headers: { range: 'bytes=2-9' } })
    assert.equal(response.status, 206)
    assert.equal(response.headers.get('content-range'), `bytes 2-9/${FILES['public/files/data.txt']?.length}`)
    assert.equal(await response.text(), 'cdefghij')
  })

  it('answers every path-traversal attempt with 404 and never the file', async () => {
    const attempts = [
      '/../secret.txt',
      '/files/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/files/%2e%2e/%2e%2e/secret.txt',
      '/..%2Fsecret.txt',
      '/files/..%2F..%2Fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/files/..%5C..%5Csecret.txt',
      '/files%2F..%2F..%2Fsecret.txt',
      '/%2e%2e%2f.env',
      '/leak.txt',
      '/files/data.txt%00.png',
      '/.env',
    ]
    for (const path of attempts) {
      const answer = await rawRequest(served.url, path)
      assert.equal(answer.status, 404, `${path} answered ${answer.status}`)
      assert.doesNotMatch(answer.body, /TOP-SECRET|APP_NAME/, `${path} leaked a file`)
    }
    // A raw backslash never reaches Mortar: Node's HTTP parser refuses the request line (400).
    const raw = await rawRequest(served.url, '/..\\secret.txt')
    assert.ok(raw.status === 400 || raw.status === 404, `a raw backslash answered ${raw.status}`)
    assert.doesNotMatch(raw.body, /TOP-SECRET/)
  })

  it('reloads in development: an edit to routes/web.ts shows on the next request', async () => {
    assert.equal((await fetch(`${served.url}/reloaded`)).status, 404)
    writeFileSync(
      join(root, 'routes/web.ts'),
      WEB_ROUTES.replace('export default [', "export default [\n  Route.get('/reloaded', () => 'fresh route'),"),
    )
    // The time a person takes to switch to the browser; the server holds the request until the
    // new app is up, so the very next request sees the edit.
    await sleep(400)
    const response = await fetch(`${served.url}/reloaded`)
    assert.equal(response.status, 200)
    assert.equal(await response.text(), 'fresh route')
    // And the rest of the app still answers.
    assert.equal((await fetch(`${served.url}/greet/bo`)).status, 200)
    assert.ok(readFileSync(join(root, 'routes/web.ts'), 'utf8').includes('/reloaded'))
  })
})

describe('craft serve reads APP_ENV from the app’s .env', { timeout: 60_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'serve-env' })
    // The scaffold's .env (its APP_KEY among the rest), with production as its environment.
    const dotenv = readFileSync(join(root, '.env'), 'utf8').replace(/^APP_ENV=.*$/m, 'APP_ENV=production')
    assert.match(dotenv, /^APP_KEY=base64:/m)
    writeFiles(root, { '.env': dotenv })
  })
  after(() => removeTempApp(root))

  it('serves in-process, as production, when .env says APP_ENV=production', async () => {
    // Only the .env says production: the variables this process may hold are left out.
    const { APP_ENV: _app, NODE_ENV: _node, ...env } = process.env
    const served = await serveApp(root, { env: {}, baseEnv: env })
    try {
      assert.match(served.output(), /Mortar is serving http:\/\/127\.0\.0\.1:\d+ in production \(APP_ENV in \.env\); Ctrl\+C to stop/)
    } finally {
      await served.stop()
    }
  })
})

describe('craft serve boots the app as an HTTP server, without its commands', { timeout: 90_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'serve-no-commands' })
    writeFiles(root, {
      'app/commands/broken.ts': "throw new Error('a command file imported by craft serve')\nexport {}\n",
    })
  })
  after(() => removeTempApp(root))

  it('serves while a command file throws when imported, which a console command does import', async () => {
    const about = craft(root, ['about'])
    assert.equal(about.code, 1, 'the console runner loads app/commands')
    assert.match(about.stderr, /Cannot load app\/commands\/broken\.ts: a command file imported by craft serve/)
    for (const args of [[], ['--no-reload']]) {
      const served = await serveApp(root, { args })
      try {
        const answer = await fetch(served.url)
        assert.equal(answer.status, 200, `craft serve ${args.join(' ')}`)
        assert.doesNotMatch(served.output(), /broken/)
      } finally {
        await served.stop()
      }
    }
  })
})
