// The router through an app's route files, in-process: groups (prefix, middleware, name prefix),
// middleware aliases and groups, 'Name@method' controllers, named routes, the return conventions
// and error answers; then, with the real craft, what stops the start.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { route } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { craft, createTempApp, removeTempApp } from '../support/temp_app.js'
import { assertOneLineError, writeFiles } from './support.js'

const FILES: Record<string, string> = {
  'app/providers/app_provider.ts': `import { abort, type Middleware, Provider } from 'mortar'

const trail = (name: string): Middleware => async (ctx, next) => {
  ;((ctx.state.trail ??= []) as string[]).push(name)
  return next()
}

export default class AppProvider extends Provider {
  boot() {
    this.app.middleware
      .alias('auth', async (ctx, next) => {
        if (!ctx.header('x-user')) abort(401, 'Sign in first')
        ;((ctx.state.trail ??= []) as string[]).push('auth')
        return next()
      })
      .alias('stamp', async (ctx, next) => {
        ;((ctx.state.trail ??= []) as string[]).push('stamp')
        const response = await next()
        response.headers.set('x-stamp', 'yes')
        return response
      })
      .alias('route-level', trail('route-level'))
      .group('admin', ['auth', 'stamp'])
      .group('web', [trail('web')])
      .group('api', [trail('api')])
  }
}
`,
  'app/controllers/post_controller.ts': `import type { HttpContext } from 'mortar'

export class PostController {
  index(ctx: HttpContext) {
    return { page: ctx.query.page ?? '1' }
  }

  show(ctx: HttpContext) {
    return \`<h1>Post \${ctx.params.id}</h1>\`
  }

  store(ctx: HttpContext) {
    return ctx.status(201) && { created: true }
  }
}
`,
  // Found through its default export.
  'app/controllers/report_controller.ts': `export default class ReportController {
  summary() {
    return { report: 'default export' }
  }
}
`,
  'app/controllers/admin/admin_controller.ts': `import { type HttpContext, route } from 'mortar'

export class AdminController {
  edit(ctx: HttpContext) {
    return { id: ctx.params.id, self: route('admin.posts.edit', { id: ctx.params.id }), trail: ctx.state.trail }
  }
}
`,
  'routes/web.ts': `import { Route } from 'mortar'
import { AdminController } from '../app/controllers/admin/admin_controller.js'

export default [
  Route.get('/', 'WelcomeController@show').name('welcome'),
  Route.get('/posts', 'PostController@index').name('posts.index'),
  Route.get('/posts/:id', 'PostController@show').name('posts.show'),
  Route.post('/posts', 'PostController@store').name('posts.store'),
  Route.get('/reports/summary', 'ReportController@summary'),
  Route.group({ prefix: '/admin', middleware: ['admin'], name: 'admin.' }, [
    Route.get('/posts/:id', [AdminController, 'edit']).name('posts.edit').middleware('route-level'),
    Route.group({ prefix: '/deep', name: 'deep.' }, [Route.get('/', (ctx) => ({ trail: ctx.state.trail })).name('home')]),
  ]),
  Route.get('/archive/:year/:slug?', (ctx) => ctx.params).name('archive'),
  Route.any('/any', (ctx) => ({ method: ctx.method })),
  Route.match(['GET', 'PUT'], '/match', (ctx) => ctx.method),
  Route.get('/nothing', () => undefined),
  Route.get('/boom', () => {
    throw new Error('kaboom in a web handler')
  }),
  Route.get('/text', (ctx) => ctx.setHeader('x-extra', '1').text('plain')),
  Route.get('/go', (ctx) => ctx.redirect(ctx.route('posts.show', { id: 1 }))),
]
`,
  'routes/api.ts': `import { abort, Route } from 'mortar'

export default [
  Route.get('/boom', () => {
    throw new Error('kaboom in an api handler')
  }),
  Route.get('/teapot', () => abort(422, 'Not like this')),
  Route.get('/trail', (ctx) => ({ trail: ctx.state.trail })),
]
`,
}

describe('the router, in-process', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'router' })
    writeFiles(root, FILES)
    app = await createTestApp({ root })
  })

  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it("resolves 'Name@method' strings in app/controllers, by named or default export", async () => {
    ;(await app.get('/posts/12')).assertOk().assertSee('<h1>Post 12</h1>').assertHeader('content-type', 'text/html; charset=utf-8')
    ;(await app.get('/posts?page=3')).assertOk().assertJson({ page: '3' })
    ;(await app.get('/reports/summary')).assertOk().assertJson({ report: 'default export' })
    ;(await app.post('/posts', { json: {} })).assertCreated().assertJson({ created: true })
  })

  it('applies a group prefix, its middleware group and its name prefix, nesting groups', async () => {
    ;(await app.get('/admin/posts/5')).assertStatus(401)
    const edit = (await app.get('/admin/posts/5', { headers: { 'x-user': 'ada' } })).assertOk().assertHeader('x-stamp', 'yes')
    // web group first, then the group's middleware (the `admin` group: auth, stamp), then the route's own.
    edit.assertJson({ id: '5', self: '/admin/posts/5', trail: ['web', 'auth', 'stamp', 'route-level'] })
    ;(await app.get('/admin/deep', { headers: { 'x-user': 'ada' } })).assertOk().assertJson({ trail: ['web', 'auth', 'stamp'] })
    assert.equal(app.app.routes.url('admin.deep.home'), '/admin/deep')
  })

  it('puts routes/api.ts under /api in the api middleware group', async () => {
    ;(await app.get('/api/trail')).assertOk().assertJson({ trail: ['api'] })
  })

  it('builds URLs of named routes: parameters, optional parameters and the rest as a query string', () => {
    const url = (name: string, params?: Record<string, string | number>) => app.app.routes.url(name, params)
    assert.equal(url('posts.show', { id: 7 }), '/posts/7')
    assert.equal(url('posts.show', { id: 'a b/c' }), '/posts/a%20b%2Fc')
    assert.equal(url('posts.index', { page: 2, sort: 'new' }), '/posts?page=2&sort=new')
    assert.equal(url('archive', { year: 2026 }), '/archive/2026')
    assert.equal(url('archive', { year: 2026, slug: 'hello' }), '/archive/2026/hello')
    assert.equal(url('welcome'), '/')
  })

  it('route() outside a request uses the booted app; unknown names and missing parameters are errors', () => {
    assert.equal(route('posts.show', { id: 1 }), '/posts/1')
    assert.throws(() => app.app.routes.url('posts.nope'), { code: 'E_ROUTE_NOT_FOUND', message: /No route is named "posts.nope"/ })
    assert.throws(() => app.app.routes.url('posts.show'), { code: 'E_ROUTE_PARAM_MISSING', message: /needs the parameter "id"/ })
  })

  it('answers the return conventions: undefined is 204, any/match methods, HEAD for GET, redirects, headers', async () => {
    ;(await app.get('/nothing')).assertNoContent()
    ;(await app.request('DELETE', '/any')).assertOk().assertJson({ method: 'DELETE' })
    ;(await app.put('/match')).assertOk().assertSee('PUT')
    ;(await app.post('/match')).assertStatus(405).assertHeader('allow', 'GET, HEAD, PUT')
    const head = await app.request('HEAD', '/posts/3')
    head.assertOk()
    assert.equal(head.text, '')
    ;(await app.get('/go')).assertRedirect('/posts/1')
    ;(await app.get('/text')).assertOk().assertHeader('x-extra', '1').assertHeader('content-type', 'text/plain; charset=utf-8')
  })

  it('answers errors as HTML on web routes and as JSON on api routes, with details in debug', async () => {
    const web = (await app.get('/boom')).assertStatus(500)
    assert.match(web.headers.get('content-type') ?? '', /text\/html/)
    web.assertSee('kaboom in a web handler')
    const api = (await app.get('/api/boom')).assertStatus(500)
    assert.equal(api.json().error.message, 'kaboom in an api handler')
    ;(await app.get('/api/teapot')).assertStatus(422).assertJson({ error: { status: 422, message: 'Not like this' } })
    ;(await app.get('/api/none')).assertNotFound().assertJson({ error: { status: 404 } })
    ;(await app.get('/none', { headers: { accept: 'application/json' } })).assertNotFound().assertJson({ error: { status: 404 } })
    ;(await app.get('/none')).assertNotFound().assertSee('404 Not Found')
    assert.equal(app.app.reportedErrors.length, 2, 'the two 500s are reported, the 4xx are not')
  })

  it('hides error details when app.debug is off', async () => {
    const quiet = await createTestApp({ root, config: { 'app.debug': false } })
    try {
      const web = (await quiet.get('/boom')).assertStatus(500)
      web.assertDontSee('kaboom')
      assert.doesNotMatch(web.text, /at .*\.ts/)
      assert.deepEqual((await quiet.get('/api/boom')).json(), { error: { status: 500, message: 'Server Error' } })
      // A 4xx message is meant for the client and stays.
      ;(await quiet.get('/api/teapot')).assertJson({ error: { message: 'Not like this' } })
    } finally {
      await quiet.close()
    }
  })
})

// Each answer is written three times: a handler returning it (answered synchronously), an async
// handler, and the same handler behind a middleware. All three must answer alike.
const ANSWERS_FILES: Record<string, string> = {
  'routes/web.ts': `import { HttpError, type HttpContext, type Middleware, Route } from 'mortar'

const passThrough: Middleware = (_ctx, next) => next()
const circular: Record<string, unknown> = {}
circular.self = circular

const answers: Record<string, (ctx: HttpContext) => unknown> = {
  '/json': (ctx) => ctx.status(201).setHeader('x-extra', '1') && { ok: true },
  '/html': () => '<p>hi</p>',
  '/nothing': (ctx) => ctx.setHeader('x-extra', '1') && undefined,
  '/accepted': (ctx) => ctx.status(202) && null,
  '/response': (ctx) => ctx.setHeader('x-extra', '1').text('plain', 203),
  '/own-response': (ctx) => ctx.setHeader('x-extra', '1') && new Response('mine', { status: 200 }),
  '/redirect': (ctx) => ctx.setHeader('x-extra', '1') && Response.redirect('http://127.0.0.1/elsewhere', 302),
  '/thenable': () => ({ then: (resolve: (value: unknown) => void) => resolve({ via: 'thenable' }) }),
  '/boom': () => {
    throw new Error('kaboom')
  },
  '/slow-down': () => {
    throw new HttpError(429, 'Slow down', { 'retry-after': '5' })
  },
  '/circular': () => circular,
}

export default Object.entries(answers).flatMap(([path, answer]) => [
  Route.get('/sync' + path, answer),
  Route.get('/async' + path, async (ctx) => answer(ctx)),
  Route.get('/middleware' + path, answer).middleware(passThrough),
])
`,
  'routes/api.ts': `import { Route } from 'mortar'

export default [
  Route.get('/json', () => ({ ok: true })),
  Route.get('/boom', () => {
    throw new Error('kaboom in an api handler')
  }),
]
`,
}

describe('the return conventions with and without middleware, sync and async', () => {
  const VARIANTS = ['sync', 'async', 'middleware']
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'answers' })
    writeFiles(root, ANSWERS_FILES)
    app = await createTestApp({ root })
  })

  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('answers a route without middleware whose handler returns a value synchronously, others with a promise', () => {
    const fetch = (path: string) => app.app.httpKernel().fetch(new Request(`http://127.0.0.1${path}`))
    // The api group has no middleware; the web group of a new app has session and csrf.
    assert.ok(fetch('/api/json') instanceof Response)
    assert.ok(fetch('/sync/json') instanceof Promise)
    // An error answered as JSON; an HTML answer waits for its security headers (a promise).
    assert.ok(fetch('/api/boom') instanceof Response)
    assert.ok(fetch('/async/json') instanceof Promise)
    assert.ok(fetch('/middleware/json') instanceof Promise)
  })

  it('applies the status and headers set on the context to a value, whichever way it was returned', async () => {
    for (const variant of VARIANTS) {
      ;(await app.get(`/${variant}/json`)).assertCreated().assertHeader('x-extra', '1').assertJson({ ok: true })
      ;(await app.get(`/${variant}/html`)).assertOk().assertHeader('content-type', 'text/html; charset=utf-8').assertSee('<p>hi</p>')
      ;(await app.get(`/${variant}/nothing`)).assertNoContent().assertHeader('x-extra', '1')
      ;(await app.get(`/${variant}/accepted`)).assertStatus(202)
      ;(await app.get(`/${variant}/response`)).assertStatus(203).assertHeader('x-extra', '1').assertSee('plain')
      ;(await app.get(`/${variant}/thenable`)).assertOk().assertJson({ via: 'thenable' })
      // A Response the handler made itself gets them too, even one whose headers are frozen.
      ;(await app.get(`/${variant}/own-response`)).assertOk().assertHeader('x-extra', '1').assertSee('mine')
      ;(await app.get(`/${variant}/redirect`))
        .assertStatus(302)
        .assertHeader('x-extra', '1')
        .assertHeader('location', 'http://127.0.0.1/elsewhere')
    }
  })

  it('answers errors with the same pages and headers, and reports the same ones', async () => {
    const reported = app.app.reportedErrors.length
    for (const variant of VARIANTS) {
      const boom = (await app.get(`/${variant}/boom`)).assertStatus(500).assertSee('kaboom')
      assert.match(boom.headers.get('content-type') ?? '', /text\/html/)
      ;(await app.get(`/${variant}/slow-down`)).assertStatus(429).assertHeader('retry-after', '5').assertSee('Slow down')
      // An answer that cannot be written (a value JSON cannot hold) is a 500 too.
      ;(await app.get(`/${variant}/circular`)).assertStatus(500)
    }
    ;(await app.get('/api/boom')).assertStatus(500).assertJson({ error: { status: 500, message: 'kaboom in an api handler' } })
    assert.equal(app.app.reportedErrors.length - reported, 2 * VARIANTS.length + 1, 'the 500s are reported, the 429s are not')
  })
})

describe('the router: what stops the start', { timeout: 120_000 }, () => {
  let root: string
  let web: string
  const T = { timeout: 30_000 }

  before(() => {
    root = createTempApp({ name: 'router-start' })
    web = readFileSync(join(root, 'routes/web.ts'), 'utf8')
  })
  after(() => removeTempApp(root))

  const withRoute = (line: string) =>
    writeFileSync(join(root, 'routes/web.ts'), web.replace('export default [', `export default [\n  ${line},`))

  it("a 'Name@method' naming no controller stops craft serve, naming the route and the folder searched", () => {
    withRoute("Route.get('/ghost', 'GhostController@show')")
    const line = assertOneLineError(
      craft(root, ['serve', '--no-reload', '--port', '0'], T),
      'Route GET /ghost',
      'controller "GhostController" was not found',
    )
    assert.ok(line.includes(join(root, 'app', 'controllers')), line)
  })

  it('a middleware name nobody registered stops craft serve and routes:list, naming the route and the middleware', () => {
    withRoute("Route.get('/guarded', () => 'x').name('guarded').middleware('auth')")
    for (const args of [['serve', '--no-reload', '--port', '0'], ['routes:list']]) {
      assertOneLineError(
        craft(root, args, T),
        'Route GET /guarded (named "guarded") of the app (routes/web.ts) uses middleware "auth", which is not registered',
        'Registered: session, csrf, web, api',
      )
    }
  })

  it('two routes with one method and path, or one name, stop the start naming both', () => {
    withRoute("Route.get('/', () => 'again')")
    assertOneLineError(
      craft(root, ['routes:list'], T),
      'Route GET / is registered by the app (routes/web.ts) and by the app (routes/web.ts)',
    )
    withRoute("Route.get('/other', () => 'x').name('welcome')")
    assertOneLineError(
      craft(root, ['routes:list'], T),
      'Route name "welcome" is used by the app (routes/web.ts) and by the app (routes/web.ts)',
    )
  })

  it('a malformed route file is named', () => {
    withRoute("Route.get('no-slash', () => 'x')")
    assertOneLineError(craft(root, ['routes:list'], T), 'Cannot load routes/web.ts', 'must start with "/"')
  })
})
