// Package middleware and the app's say over package routes, through the real craft and a real
// socket: `.middleware({ … }, { groups })` in configure() names middleware the app's routes use
// and appends to groups; routes:list shows both with the package; a name taken twice stops the
// start naming both; config/providers.ts puts a package's routes (all, or one file) behind the
// app's middleware, under a prefix and a name prefix.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertOneLineError, writeFiles } from '../../core/support.js'
import { craft, createTempApp, removeTempApp, serveApp } from '../../support/temp_app.js'
import { installFixture, provider, routesFile, uninstallFixture } from './support.js'

const HONEYPOT = {
  'provider.js': provider(
    `.name('honeypot')
      .routes('routes/web.js', 'routes/admin.js')
      .middleware({ honeypot: HoneypotMiddleware, stamp }, { groups: { web: ['stamp'] } })`,
    `export class HoneypotMiddleware {
  async handle(ctx, next) {
    if (ctx.header('x-website')) return ctx.text('spam', 422)
    const response = await next()
    response.headers.set('x-honeypot', 'checked')
    return response
  }
}
async function stamp(ctx, next) {
  const response = await next()
  response.headers.set('x-stamp', 'honeypot')
  return response
}`,
  ),
  'routes/web.js': routesFile(`  Route.get('/blog', () => 'blog index').name('blog.index'),`),
  'routes/admin.js': routesFile(`  Route.get('/blog/admin', () => 'blog admin').name('blog.admin'),`),
}

const APP_FILES = {
  'routes/web.ts': `import { Route } from 'mortar'

export default [
  Route.get('/', () => 'home').name('home'),
  Route.post('/contact', () => 'sent').middleware('honeypot'),
]
`,
  'app/providers/app_provider.ts': `import { type HttpContext, type Next, Provider } from 'mortar'

export default class AppProvider extends Provider {
  boot() {
    this.app.middleware.alias('auth', (ctx: HttpContext, next: Next) => (ctx.header('x-user') ? next() : ctx.text('log in first', 401)))
  }
}
`,
}

interface ListedRoute {
  method: string
  path: string
  name: string
  middleware: string
  source: string
}

function routes(app: string): Map<string, ListedRoute> {
  const run = craft(app, ['routes:list', '--json'])
  assert.equal(run.code, 0, run.stderr)
  return new Map((JSON.parse(run.stdout) as ListedRoute[]).map((route) => [`${route.method} ${route.path}`, route]))
}

/** Rewrites the `packages: {}` entry of the scaffold's config/providers.ts. */
function setPackagesConfig(app: string, packages: string): void {
  const file = join(app, 'config', 'providers.ts')
  const original = readFileSync(`${file}.orig`, 'utf8')
  assert.match(original, /packages: \{\},/)
  writeFileSync(file, original.replace('packages: {},', `packages: ${packages},`))
}

describe('package middleware and the app’s say over package routes', { timeout: 300_000 }, () => {
  let app: string
  before(() => {
    app = createTempApp({ name: 'package-middleware' })
    writeFiles(app, APP_FILES)
    installFixture(app, { npmName: 'mortar-honeypot', files: HONEYPOT })
    const providers = join(app, 'config', 'providers.ts')
    writeFileSync(`${providers}.orig`, readFileSync(providers, 'utf8'))
  })
  after(() => removeTempApp(app))

  it('names middleware the app uses and appends to the web group; routes:list shows both with the package', async () => {
    const listed = routes(app)
    assert.equal(listed.get('POST /contact')?.middleware, 'web[stamp (honeypot)], honeypot (honeypot)')
    assert.equal(listed.get('GET /')?.middleware, 'web[stamp (honeypot)]')
    assert.equal(listed.get('GET /blog')?.middleware, 'web[stamp (honeypot)]')
    assert.match(craft(app, ['package:list']).stdout, /^honeypot\s+mortar-honeypot\s+1\.0\.0 \(linked\)\s+routes\(2\), middleware\(2\)\s/m)

    const served = await serveApp(app, { args: ['--no-reload'] })
    try {
      const home = await fetch(`${served.url}/`)
      assert.equal(home.headers.get('x-stamp'), 'honeypot')
      assert.equal(home.headers.get('x-honeypot'), null)
      const contact = await fetch(`${served.url}/contact`, { method: 'POST' })
      assert.equal(await contact.text(), 'sent')
      assert.equal(contact.headers.get('x-honeypot'), 'checked')
      assert.equal(contact.headers.get('x-stamp'), 'honeypot')
      const spam = await fetch(`${served.url}/contact`, { method: 'POST', headers: { 'x-website': 'http://spam.example' } })
      assert.equal(spam.status, 422)
    } finally {
      await served.stop()
    }
  })

  it('puts every route of a package behind the app’s middleware, under a prefix and a name prefix', async () => {
    setPackagesConfig(app, "{ honeypot: { routes: { prefix: '/news', name: 'news.', middleware: ['auth'] } } }")
    const listed = routes(app)
    assert.equal(listed.get('GET /blog'), undefined)
    assert.deepEqual(
      [listed.get('GET /news/blog')?.name, listed.get('GET /news/blog')?.middleware],
      ['news.blog.index', 'web[stamp (honeypot)], auth'],
    )
    assert.equal(listed.get('GET /news/blog/admin')?.middleware, 'web[stamp (honeypot)], auth')

    const served = await serveApp(app, { args: ['--no-reload'] })
    try {
      assert.equal((await fetch(`${served.url}/news/blog`)).status, 401)
      const allowed = await fetch(`${served.url}/news/blog`, { headers: { 'x-user': 'ada' } })
      assert.equal(await allowed.text(), 'blog index')
      assert.equal((await fetch(`${served.url}/`)).status, 200)
    } finally {
      await served.stop()
    }
  })

  it('puts one route file behind the app’s middleware, named as the package declares it (.ts matches .js)', async () => {
    setPackagesConfig(app, "{ honeypot: { routes: { 'routes/admin.ts': { middleware: ['auth'] } } } }")
    const listed = routes(app)
    assert.equal(listed.get('GET /blog')?.middleware, 'web[stamp (honeypot)]')
    assert.equal(listed.get('GET /blog/admin')?.middleware, 'web[stamp (honeypot)], auth')

    const served = await serveApp(app, { args: ['--no-reload'] })
    try {
      assert.equal(await (await fetch(`${served.url}/blog`)).text(), 'blog index')
      assert.equal((await fetch(`${served.url}/blog/admin`)).status, 401)
      assert.equal((await fetch(`${served.url}/blog/admin`, { headers: { 'x-user': 'ada' } })).status, 200)
    } finally {
      await served.stop()
    }

    setPackagesConfig(app, "{ honeypot: { routes: { 'routes/admin.js': false } } }")
    const withoutAdmin = routes(app)
    assert.ok(withoutAdmin.has('GET /blog'))
    assert.ok(!withoutAdmin.has('GET /blog/admin'))

    setPackagesConfig(app, "{ honeypot: { routes: { 'routes/admn.ts': { middleware: ['auth'] } } } }")
    assertOneLineError(craft(app, ['routes:list']), 'packages.honeypot.routes has "routes/admn.ts"', 'routes/web.js, routes/admin.js')
    setPackagesConfig(app, '{}')
  })

  it('a middleware name two packages register stops the start, naming both', () => {
    const other = {
      'provider.js': provider(".name('guard').middleware({ honeypot: (ctx, next) => next() })"),
    }
    installFixture(app, { npmName: 'mortar-guard', files: other })
    try {
      assertOneLineError(
        craft(app, ['routes:list']),
        'Middleware name "honeypot" is registered by package "honeypot" and by package "guard"',
      )
    } finally {
      uninstallFixture(app, 'mortar-guard')
    }
  })

  it('a middleware name the app registers too stops the start, naming the package and the app', () => {
    const file = join(app, 'app', 'providers', 'app_provider.ts')
    const original = readFileSync(file, 'utf8')
    writeFileSync(file, original.replace("alias('auth'", "alias('honeypot'"))
    try {
      assertOneLineError(craft(app, ['routes:list']), 'Middleware name "honeypot" is registered by package "honeypot" and by the app')
    } finally {
      writeFileSync(file, original)
    }
  })

  it('a group entry naming middleware the package does not declare is refused in configure()', () => {
    installFixture(app, {
      npmName: 'mortar-broken',
      files: { 'provider.js': provider(".name('broken').middleware({ one: (ctx, next) => next() }, { groups: { web: ['two'] } })") },
    })
    try {
      assertOneLineError(
        craft(app, ['routes:list']),
        'Package "broken": .middleware() groups.web must list names this package declares (one), not two',
      )
    } finally {
      uninstallFixture(app, 'mortar-broken')
    }
  })
})
