// Views per request: `request` and `errors` in every template rendered for a request (by view()
// or ctx.view()), data a package shares per request and process-wide, html() safe strings, and a
// package's partial and component used by namespaced name, overridable file by file by the app.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { html } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { writeFiles } from '../core/support.js'
import { createTempApp, removeTempApp } from '../support/temp_app.js'

/** A package ("honeypot") with a form partial, a helper returning html(), and per-request data. */
function writeHoneypot(root: string): void {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'mortar-honeypot',
      version: '1.0.0',
      type: 'module',
      mortar: { provider: './provider.js' },
      peerDependencies: { mortar: '*' },
    }),
    'provider.js': `import { html, PackageProvider } from 'mortar'

export default class HoneypotProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.').name('honeypot').views('templates')
  }

  boot() {
    this.app.views.global('honeypotNote', (text) => html('<small class="hp-note">' + text + '</small>'))
    this.app.views.share((ctx) => ({ visitor: ctx.header('x-visitor') ?? 'guest', startedAt: 'at-' + ctx.path }))
  }
}
`,
    'templates/fields.edge': `<div class="hp" data-visitor="{{ visitor }}"><input name="{{ name ?? 'website' }}" tabindex="-1" autocomplete="off"></div>\n`,
    'templates/badge.edge': `<span class="badge">{{ label }}</span>\n`,
  }
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), contents)
  }
}

const APP_FILES: Record<string, string> = {
  'routes/web.ts': `import { Route, view } from 'mortar'

export default [
  Route.get('/posts', () => view('where')).name('posts.index'),
  Route.get('/posts/:id', (ctx) => ctx.view('where')).name('posts.show'),
  Route.get('/about', () => view('where')).name('about'),
  Route.get('/form', () => view('form', { name: 'url' })).name('form'),
  Route.get('/component', () => view('component')).name('component'),
]
`,
  'templates/where.edge': `<p class="url">{{ request.url }}</p>
<p class="path">{{ request.path }}</p>
<p class="posts">{{ request.routeIs('posts.*') ? 'in posts' : 'not in posts' }}</p>
<p class="visitor">{{ visitor }}</p>
<p class="errors">{{ errors.has('email') ? 'has errors' : 'no errors' }}</p>
{{ honeypotNote('<b>bold</b>') }}
`,
  'templates/form.edge': `<form method="post">
@include('honeypot:fields')
</form>
`,
  'templates/component.edge': `<form method="post">
@!component('honeypot:fields', { name: 'homepage' })
@!component('honeypot:badge', { label: '<new>' })
</form>
`,
}

describe('views per request', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'request-views' })
    // Inside the app, so that the linked package finds the app's mortar.
    writeHoneypot(join(root, 'packages', 'honeypot'))
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', './packages/honeypot'], { cwd: root, stdio: 'pipe' })
    writeFiles(root, APP_FILES)
    app = await createTestApp({ root })
  })

  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('does not load Edge when a package shares data or adds a global, only on the first render', async () => {
    // The honeypot provider called views.share() and views.global() in boot().
    assert.equal(app.app.views.loaded, false)
    ;(await app.get('/about')).assertOk()
    assert.equal(app.app.views.loaded, true)
  })

  it('gives templates rendered by view() the request: url, path and routeIs()', async () => {
    const inPosts = await app.get('/posts?sort=new')
    inPosts.assertOk().assertSee('<p class="path">/posts</p>').assertSee('in posts')
    assert.match(inPosts.text, /<p class="url">http:\/\/[^<]+\/posts\?sort=new<\/p>/)
    ;(await app.get('/about')).assertOk().assertSee('<p class="path">/about</p>').assertSee('not in posts')
  })

  it('gives templates rendered by ctx.view() the same request data', async () => {
    ;(await app.get('/posts/7')).assertOk().assertSee('<p class="path">/posts/7</p>').assertSee('in posts')
  })

  it("adds a package's shared data, computed for each request", async () => {
    ;(await app.get('/about', { headers: { 'x-visitor': 'ada' } })).assertSee('<p class="visitor">ada</p>')
    ;(await app.get('/about')).assertSee('<p class="visitor">guest</p>')
  })

  it('gives every template an empty error bag when there are no errors', async () => {
    ;(await app.get('/about')).assertSee('no errors')
  })

  it('prints html() from a package helper unescaped, and escapes the rest', async () => {
    const page = await app.get('/about')
    page.assertSee('<small class="hp-note"><b>bold</b></small>')
    assert.equal(String(html('<i>x</i>')), '<i>x</i>')
    const direct = await app.app.views.render('honeypot:badge', { label: html('<em>safe</em>') })
    assert.match(direct, /<span class="badge"><em>safe<\/em><\/span>/)
  })

  it("includes a package's partial and component by namespaced name", async () => {
    const form = await app.get('/form', { headers: { 'x-visitor': 'grace' } })
    form.assertOk().assertSee('<input name="url" tabindex="-1"').assertSee('data-visitor="grace"')
    const component = await app.get('/component')
    component.assertOk().assertSee('<input name="homepage" tabindex="-1"').assertSee('data-visitor="guest"')
    component.assertSee('<span class="badge">&lt;new&gt;</span>')
  })

  it("uses the app's copy of the partial from templates/vendor/honeypot/, file by file", async () => {
    const override = join(root, 'templates', 'vendor', 'honeypot', 'fields.edge')
    writeFiles(root, { 'templates/vendor/honeypot/fields.edge': '<p class="mine">my {{ name ?? "website" }} field</p>\n' })
    try {
      ;(await app.get('/form')).assertOk().assertSee('<p class="mine">my url field</p>').assertDontSee('tabindex')
      const component = await app.get('/component')
      component.assertSee('<p class="mine">my homepage field</p>').assertSee('<span class="badge">&lt;new&gt;</span>')
    } finally {
      rmSync(override)
    }
  })
})
