// A small app for the state-layer tests, written into a temp folder whose node_modules is the
// workspace's (so its files import the workspace's mortar): routes that use the session, cookies,
// CSRF, flash and redirects, in a web group running `session` and `csrf`.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { WORKSPACE } from '../support/temp_app.js'

export const STATE_APP_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'state-app', private: true, type: 'module' }),
  'config/app.ts': `export default { name: 'State' }\n`,
  'config/providers.ts': `export default { providers: [() => import('../app/providers/app_provider.js')] }\n`,
  'app/providers/app_provider.ts': `import { Provider } from 'mortar'

export default class AppProvider extends Provider {
  boot() {
    this.app.middleware.group('web', ['session', 'csrf'])
  }
}
`,
  'routes/web.ts': `import { Route, type HttpContext } from 'mortar'

export default [
  Route.get('/plain', () => '<p>No session here</p>'),
  Route.get('/put/:key/:value', (ctx: HttpContext) => {
    ctx.session.put(ctx.params.key, ctx.params.value)
    return { ok: true }
  }),
  Route.get('/get/:key', (ctx: HttpContext) => ({ value: ctx.session.get(ctx.params.key) ?? null, all: ctx.session.all() })),
  Route.get('/forget/:key', (ctx: HttpContext) => {
    ctx.session.forget(ctx.params.key)
    return { ok: true }
  }),
  Route.get('/pull/:key', (ctx: HttpContext) => ({ value: ctx.session.pull(ctx.params.key) ?? null })),
  Route.get('/count', (ctx: HttpContext) => ({ count: ctx.session.increment('count') })),
  Route.get('/flash/:value', (ctx: HttpContext) => {
    ctx.session.flash('status', ctx.params.value)
    return { ok: true }
  }),
  Route.get('/reflash', (ctx: HttpContext) => {
    ctx.session.reflash()
    return { status: ctx.session.get('status') ?? null }
  }),
  Route.get('/id', (ctx: HttpContext) => ({ id: ctx.session.id ?? null })),
  Route.get('/regenerate', async (ctx: HttpContext) => {
    await ctx.session.regenerate()
    return { id: ctx.session.id }
  }),
  Route.get('/invalidate', async (ctx: HttpContext) => {
    await ctx.session.invalidate()
    return { id: ctx.session.id ?? null }
  }),
  Route.get('/form', (ctx: HttpContext) => ctx.view('form')),
  Route.get('/token', (ctx: HttpContext) => ({ token: ctx.session.token })),
  Route.post('/submit', async (ctx: HttpContext) => ({ got: (await ctx.body())['title'] ?? null })),
  Route.post('/webhooks/stripe', () => ({ hook: true })),
  Route.post('/save', (ctx: HttpContext) => ctx.redirect().back('/fallback').with('status', 'Saved')),
  Route.get('/status', (ctx: HttpContext) => ctx.view('status')),
  Route.get('/go/named', (ctx: HttpContext) => ctx.redirect().route('named', { id: 4 })),
  Route.get('/go/to', (ctx: HttpContext) => ctx.redirect().to('/plain')),
  Route.get('/go/old', (ctx: HttpContext) => ctx.redirect('/plain', 301)),
  Route.get('/named/:id', (ctx: HttpContext) => ({ id: ctx.params.id })).name('named'),
  Route.get('/big', (ctx: HttpContext) => {
    ctx.session.put('big', 'x'.repeat(5000))
    return { ok: true }
  }),
  Route.get('/cookie/set', (ctx: HttpContext) => {
    ctx.cookies.set('secret', { n: 1 })
    ctx.cookies.set('plain', 'hello world', { encrypted: false })
    ctx.cookies.set('signed', 'visible', { signed: true })
    ctx.cookies.set('tuned', 'x', { maxAge: 60, path: '/cookie', domain: 'example.test', partitioned: true, sameSite: 'Strict', secure: true })
    return { ok: true }
  }),
  Route.get('/cookie/get', (ctx: HttpContext) => ({
    secret: ctx.cookies.get('secret') ?? null,
    plain: ctx.cookies.get('plain', { encrypted: false }) ?? null,
    plainAsEncrypted: ctx.cookies.get('plain') ?? null,
    signed: ctx.cookies.get('signed', { signed: true }) ?? null,
  })),
  Route.get('/cookie/delete', (ctx: HttpContext) => {
    ctx.cookies.delete('secret')
    return { ok: true }
  }),
]
`,
  'routes/api.ts': `import { Route, type HttpContext } from 'mortar'

export default [
  Route.post('/things', async (ctx: HttpContext) => ctx.json({ created: await ctx.body() }, 201)),
  Route.get('/session', (ctx: HttpContext) => ({ value: ctx.session.get('x') })),
]
`,
  'templates/form.edge': `<form method="POST" action="/submit">{{ csrfField() }}<input name="title"></form><p id="token">{{ csrfToken() }}</p>\n`,
  'templates/status.edge': `<p id="status">{{ flash('status', 'none') }}</p>\n`,
}

/** Writes `files` into a new temp app (node_modules linked to the workspace's); gives its root. */
export function writeStateApp(files: Record<string, string> = {}): string {
  const root = join(mkdtempSync(join(tmpdir(), 'mortar-state-')), 'app')
  for (const [path, contents] of Object.entries({ ...STATE_APP_FILES, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), contents)
  }
  symlinkSync(join(WORKSPACE, 'node_modules'), join(root, 'node_modules'), 'dir')
  return root
}

/** Removes a temp app made by `writeStateApp`. */
export function removeStateApp(root: string): void {
  rmSync(join(root, '..'), { recursive: true, force: true })
}

/** A key prefix no other test uses, for Redis. */
export function redisPrefix(): string {
  return `mortar-test:${process.pid}:${Math.random().toString(36).slice(2)}:`
}
