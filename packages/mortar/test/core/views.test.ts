// Views: escaping by default, raw output on request, the app's templates, and namespaces whose
// files the app overrides one by one from templates/vendor/<name>/.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { createTempApp, removeTempApp } from '../support/temp_app.js'
import { writeFiles } from './support.js'

const FILES: Record<string, string> = {
  // A provider that registers a namespace the way the package system does for a package.
  'app/providers/ui_provider.ts': `import { join } from 'node:path'
import { Provider } from 'mortar'

export default class UiProvider extends Provider {
  register() {
    this.app.views.namespace('ui', join(this.app.root, 'ui-kit'), join(this.app.templatesPath, 'vendor', 'ui'))
  }
}
`,
  'config/providers.ts': `export default {
  providers: [() => import('../app/providers/app_provider.js'), () => import('../app/providers/ui_provider.js')],
}
`,
  'ui-kit/button.edge': '<button class="kit">{{ label }}</button>\n',
  'ui-kit/card.edge': '<div class="card kit">\n@include(\'ui:button\')\n</div>\n',
  'ui-kit/forms/input.edge': '<input class="kit" name="{{ name }}">\n',
  'templates/vendor/ui/button.edge': '<button class="mine">{{ label }}!</button>\n',
  'templates/escape.edge': '<p>{{ text }}</p>\n<div>{{{ html }}}</div>\n<a title="{{ text }}">x</a>\n',
  'templates/greeting.edge': '<p>{{ greeting }}</p>\n',
  'templates/pages/about.edge': "<h1>{{ config('app.name') }}</h1>\n<a href=\"{{ route('page') }}\">about</a>\n",
  'routes/web.ts': `import { Route, view } from 'mortar'

export default [
  Route.get('/', 'WelcomeController@show').name('welcome'),
  Route.get('/about', () => view('pages.about')).name('page'),
  Route.get('/card', () => view('ui:card', { label: 'Go' })),
]
`,
}

describe('views', () => {
  let root: string
  let app: TestApp
  const render = (name: string, data: Record<string, unknown> = {}) => app.app.views.render(name, data)

  before(async () => {
    root = createTempApp({ name: 'views' })
    writeFiles(root, FILES)
    app = await createTestApp({ root })
  })

  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('escapes {{ }} output, and {{{ }}} prints it raw', async () => {
    const html = await render('escape', { text: `<script>alert("x")</script> & 'q'`, html: '<em>safe</em>' })
    assert.match(
      html,
      /<p>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#x27;q&#x27;<\/p>|<p>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;q&#39;<\/p>/,
    )
    assert.doesNotMatch(html, /<script>/)
    assert.match(html, /<div><em>safe<\/em><\/div>/)
    assert.match(html, /title="&lt;script&gt;/)
  })

  it("renders the app's own views by dotted or slashed name, with route() and config() available", async () => {
    assert.equal(await render('pages.about'), await render('pages/about'))
    ;(await app.get('/about')).assertOk().assertSee('<h1>App</h1>').assertSee('href="/about"')
  })

  it('gives a global added after the first render to the very next one', async () => {
    await render('escape', { text: '', html: '' })
    app.app.views.global('greeting', 'hello')
    assert.equal((await render('greeting')).trim(), '<p>hello</p>')
  })

  it("takes a namespaced view from the app's override folder when that one file is there", async () => {
    assert.equal((await render('ui:button', { label: 'Save' })).trim(), '<button class="mine">Save!</button>')
  })

  it("takes the other files from the owner's folder, even when included from an overridden one", async () => {
    assert.equal((await render('ui:forms.input', { name: 'email' })).trim(), '<input class="kit" name="email">')
    // The card comes from the kit; the button it includes is the app's.
    const card = (await app.get('/card')).assertOk()
    assert.match(card.text, /<div class="card kit">\s*<button class="mine">Go!<\/button>\s*<\/div>/)
  })

  it('picks up a new override file at once in development, file by file', async () => {
    assert.match(await render('ui:forms.input', { name: 'a' }), /class="kit"/)
    writeFiles(root, { 'templates/vendor/ui/forms/input.edge': '<input class="mine" name="{{ name }}">\n' })
    assert.match(await render('ui:forms.input', { name: 'a' }), /class="mine"/)
    assert.match(await render('ui:card', { label: 'b' }), /class="card kit"/)
  })

  it('names the files looked for when a view is missing, and the registered namespaces for an unknown one', async () => {
    await assert.rejects(render('ui:nothing'), (error: { code: string; message: string }) => {
      assert.equal(error.code, 'E_VIEW_NOT_FOUND')
      assert.ok(error.message.includes(join(root, 'templates/vendor/ui/nothing.edge')), error.message)
      assert.ok(error.message.includes(join(root, 'ui-kit/nothing.edge')), error.message)
      return true
    })
    await assert.rejects(render('nope'), { code: 'E_VIEW_NOT_FOUND', message: /View "nope" not found/ })
    await assert.rejects(render('shop:cart'), (error: { code: string; hint: string }) => {
      assert.equal(error.code, 'E_VIEW_NAMESPACE')
      assert.match(error.hint, /Registered namespaces: ui/)
      return true
    })
  })
})
