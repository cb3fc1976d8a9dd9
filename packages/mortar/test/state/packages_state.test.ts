// What packages build on: middleware that needs the session runs after it whatever the boot
// order, two packages that each read ctx.session and render csrfField() work side by side, and
// packages add typed ctx members and test-app helpers through one mechanism.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TestApp } from 'mortar/testing'
import { WORKSPACE } from '../support/temp_app.js'
import { removeStateApp, writeStateApp } from './support.js'

/** A local package whose view renders csrfField() and whose routes read and write ctx.session. */
function formPackage(name: string): Record<string, string> {
  return {
    [`packages/${name}/provider.ts`]: `import { PackageProvider } from 'mortar'

export default class ${name[0]?.toUpperCase()}${name.slice(1)}Provider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.').name('${name}').views('templates').routes('routes.ts')
  }
}
`,
    [`packages/${name}/templates/form.edge`]: `<form method="POST" action="/${name}/send">{{ csrfField() }}</form><p>${name} saw {{ visits }}</p>\n`,
    [`packages/${name}/routes.ts`]: `import { Route, view, type HttpContext } from 'mortar'

export default [
  Route.get('/${name}/form', (ctx: HttpContext) => view('${name}:form', { visits: ctx.session.increment('visits') })),
  Route.post('/${name}/send', (ctx: HttpContext) => ctx.redirect().to('/${name}/form').with('sent', '${name}')),
]
`,
  }
}

const FILES: Record<string, string> = {
  'config/providers.ts': `export default {
  providers: [
    () => import('../app/providers/early_provider.js'),
    () => import('../packages/alpha/provider.js'),
    () => import('../packages/beta/provider.js'),
    () => import('../app/providers/app_provider.js'),
  ],
}
`,
  // Boots before the app provider puts session and csrf in the web group, and appends its own
  // middleware to the group first.
  'app/providers/early_provider.ts': `import { Provider, type HttpContext, type Next } from 'mortar'

declare module 'mortar' {
  interface HttpContext {
    greeter: { hello(): string }
  }
}

export default class EarlyProvider extends Provider {
  register() {
    this.app.extendContext('greeter', (ctx: HttpContext) => {
      ctx.state.greeterMade = Number(ctx.state.greeterMade ?? 0) + 1
      return { hello: () => \`hello \${ctx.session.get('name') ?? 'guest'}\` }
    })
  }

  boot() {
    const visitCounter = async (ctx: HttpContext, next: Next) => {
      ctx.state.seen = ctx.session.get('seen', 0)
      return next()
    }
    const byProperty = Object.assign(async (ctx: HttpContext, next: Next) => {
      ctx.state.prop = ctx.session.has('name')
      return next()
    }, { needs: ['session'] })
    this.app.middleware.alias('visit-counter', visitCounter, { needs: ['session'] })
    this.app.middleware.group('web', ['visit-counter', byProperty])
  }
}
`,
  'routes/web.ts': `import { Route, type HttpContext } from 'mortar'

export default [
  Route.get('/greet', (ctx: HttpContext) => ({ text: ctx.greeter.hello(), again: ctx.greeter.hello(), made: ctx.state.greeterMade, seen: ctx.state.seen, prop: ctx.state.prop })),
  Route.get('/name/:name', (ctx: HttpContext) => {
    ctx.session.put('name', ctx.params.name)
    return { ok: true }
  }),
  Route.get('/sent', (ctx: HttpContext) => ({ sent: ctx.session.get('sent') ?? null })),
]
`,
  ...formPackage('alpha'),
  ...formPackage('beta'),
}

describe('packages on the state layer', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = writeStateApp(FILES)
    app = await createTestApp({ root, csrf: true })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('runs middleware that needs the session after session, though its package booted first', async () => {
    const routes = (await app.craft('routes:list')).assertSuccess()
    assert.match(routes.output, /\/greet/)
    ;(await app.get('/greet')).assertOk().assertJson({ text: 'hello guest', seen: 0, prop: false })
    await app.get('/name/ada')
    ;(await app.get('/greet')).assertOk().assertJson({ text: 'hello ada', again: 'hello ada', made: 1, prop: true })
  })

  it('two packages read one session and render csrfField() with its one token, side by side', async () => {
    app.cookies.clear()
    const alpha = (await app.get('/alpha/form')).assertOk().assertSee('alpha saw 1')
    const beta = (await app.get('/beta/form')).assertOk().assertSee('beta saw 2')
    const token = (text: string) => /name="_token" value="([^"]+)"/.exec(text)?.[1]
    assert.ok(token(alpha.text))
    assert.equal(token(alpha.text), token(beta.text))
    ;(await app.post('/beta/send', { form: { _token: token(alpha.text) as string } })).assertStatus(303).assertRedirect('/beta/form')
    ;(await app.get('/sent')).assertJson({ sent: 'beta' })
    ;(await app.post('/alpha/send', { form: { _token: 'stale' } })).assertStatus(419)
  })

  it('adds test-app helpers with TestApp.extend, and refuses to replace built-ins', async () => {
    TestApp.extend('actingAs', async function (this: TestApp, user: { name: string }) {
      await this.withSession({ name: user.name })
      return this
    })
    app.cookies.clear()
    await (app as unknown as { actingAs(user: { name: string }): Promise<TestApp> }).actingAs({ name: 'grace' })
    ;(await app.get('/greet')).assertJson({ text: 'hello grace' })
    assert.throws(() => TestApp.extend('get', () => undefined), /part of mortar\/testing/)
    assert.throws(() => app.app.extendContext('greeter', () => 1), /Two extensions add ctx.greeter/)
    assert.throws(() => app.app.extendContext('session', () => 1), /part of Mortar's HttpContext/)
  })

  it('types the added members by declaration merging', () => {
    const file = join(root, 'typed.ts')
    writeFileSync(
      file,
      `import type { HttpContext } from 'mortar'
import type { TestApp } from 'mortar/testing'
import './app/providers/early_provider.js'

declare module 'mortar/testing' {
  interface TestApp { actingAs(user: { name: string }): Promise<TestApp> }
}
export const text = (ctx: HttpContext): string => ctx.greeter.hello() + ctx.session.token
export const login = (app: TestApp): Promise<TestApp> => app.actingAs({ name: 'x' })
`,
    )
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['typed.ts'],
      }),
    )
    const tsc = join(WORKSPACE, 'node_modules', 'typescript', 'bin', 'tsc')
    execFileSync(process.execPath, [tsc, '-p', root], { stdio: 'pipe' })
    writeFileSync(
      file,
      `import type { HttpContext } from 'mortar'\nexport const x = (ctx: HttpContext) => ctx.greeter.nope()\nimport './app/providers/early_provider.js'\n`,
    )
    assert.throws(
      () => execFileSync(process.execPath, [tsc, '-p', root], { stdio: 'pipe' }),
      (error: { stdout: Buffer }) => /Property 'nope' does not exist/.test(String(error.stdout)),
    )
  })
})
