// Translations: an app's own messages, a package's (.translations('lang')) read as
// t('notes:posts.count', { count }) in code and views, ICU plurals in two locales, the locale from
// config or Accept-Language with a fallback, the app's key-by-key overrides in lang/vendor/, a
// missing key, and `translations` as a publishable kind (publish, status, why, remove).
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { assertOneLineError } from '../../core/support.js'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { installFixture, writeTree } from '../system/support.js'

const T = { timeout: 30_000 }

const NOTES = {
  npmName: 'mortar-notes',
  files: {
    'provider.js': `import { PackageProvider } from 'mortar'
export default class NotesProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.').name('notes').translations('lang').views('templates').routes('routes/web.js')
  }
}
`,
    'lang/en/posts.json': JSON.stringify({
      title: 'Notes',
      count: '{count, plural, =0 {No notes} one {# note} other {# notes}}',
      greeting: 'Hello, {name}',
      form: { save: 'Save' },
    }),
    'lang/fr/posts.json': JSON.stringify({
      title: 'Notes (fr)',
      count: '{count, plural, =0 {Aucune note} one {# note} other {# notes}}',
    }),
    'templates/index.edge':
      "<h1>{{ t('notes:posts.title') }}</h1><p>{{ t('notes:posts.count', { count }) }}</p><p>{{ t('notes:posts.form.save') }}</p>\n",
    'routes/web.js': `import { Route, view } from 'mortar'
export default [
  Route.get('/helper/:count', () => view('notes:index', { count: 2 })),
  Route.post('/locale/:locale', (ctx) => {
    ctx.session.put('locale', ctx.params.locale)
    return { ok: true }
  }),
  Route.get('/notes/:count', (ctx) => ctx.view('notes:index', { count: Number(ctx.params.count) })),
  Route.get('/greet', (ctx) => ctx.t('notes:posts.greeting', { name: 'Ada' }) + ' | ' + ctx.locale),
  Route.get('/missing', (ctx) => ctx.t('notes:posts.nothing_here')),
]
`,
  },
}

describe('translations', { timeout: 300_000 }, () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'lang' })
    installFixture(root, NOTES)
    writeTree(root, {
      'lang/en/messages.json': JSON.stringify({ welcome: 'Welcome, {name}!' }),
      // The app changes one French message of the package, and nothing else.
      'lang/vendor/notes/fr/posts.json': JSON.stringify({ count: '{count, plural, =0 {Rien} one {# mémo} other {# mémos}}' }),
    })
    app = await createTestApp({ root })
  })
  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('formats plurals in the default locale, in views and in code', async () => {
    const page = await app.get('/notes/0')
    page.assertOk().assertSee('<h1>Notes</h1>').assertSee('<p>No notes</p>').assertSee('<p>Save</p>')
    ;(await app.get('/notes/1')).assertSee('<p>1 note</p>')
    ;(await app.get('/notes/1200')).assertSee('<p>1,200 notes</p>')
    ;(await app.get('/greet')).assertOk().assertSee('Hello, Ada | en')
    assert.equal(app.app.translator.t('messages.welcome', { name: 'Bo' }), 'Welcome, Bo!')
  })

  it('takes the locale from Accept-Language, overrides key by key, and falls back per key', async () => {
    const fr = { headers: { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.5' } }
    // Overridden by the app: its own plural forms.
    ;(await app.get('/notes/0', fr)).assertSee('<p>Rien</p>')
    ;(await app.get('/notes/3', fr)).assertSee('<p>3 mémos</p>')
    // Not overridden: the package's French title; missing in French: the English fallback.
    ;(await app.get('/notes/3', fr)).assertSee('<h1>Notes (fr)</h1>').assertSee('<p>Save</p>')
    ;(await app.get('/greet', fr)).assertSee('Hello, Ada | fr')
    ;(await app.get('/greet', { headers: { 'accept-language': 'de' } })).assertSee('| en')
  })

  it('takes the locale the session holds, and gives view() the request’s locale too', async () => {
    const fr = { headers: { 'accept-language': 'fr' } }
    ;(await app.get('/helper/2', fr)).assertSee('<p>2 mémos</p>')
    ;(await app.post('/locale/fr')).assertOk()
    ;(await app.get('/greet')).assertSee('Hello, Ada | fr')
    ;(await app.get('/notes/1')).assertSee('<p>1 mémo</p>')
    // A locale the app has no messages for is not taken from the session.
    ;(await app.post('/locale/xx')).assertOk()
    ;(await app.get('/greet')).assertSee('| en')
    app.cookies.clear()
  })

  it('shows a missing key as the key', async () => {
    ;(await app.get('/missing')).assertOk().assertSee('notes:posts.nothing_here')
  })

  it('publishes translations as a kind: files, ledger, status, why and remove', () => {
    const out = craft(root, ['package:publish', 'notes', '--resources', 'translations', '--force'], T)
    assert.equal(out.code, 0, out.stdout + out.stderr)
    assert.match(out.stdout, /written\s+lang\/vendor\/notes\/en\/posts\.json/)
    // The app's own override was there first and is replaced only because of --force.
    assert.match(out.stdout, /overwritten\s+lang\/vendor\/notes\/fr\/posts\.json/)
    assert.equal(JSON.parse(readFileSync(join(root, 'lang/vendor/notes/fr/posts.json'), 'utf8')).title, 'Notes (fr)')

    writeTree(root, { 'lang/vendor/notes/en/posts.json': JSON.stringify({ title: 'My notes' }) })
    const status = craft(root, ['package:status', 'notes'], T)
    assert.match(status.stdout, /changed by you\s+│?\s*notes\s+│?\s*lang\/vendor\/notes\/en\/posts\.json/)

    const why = JSON.parse(craft(root, ['package:why', 'notes:posts.title', '--json'], T).stdout)
    assert.equal(why.kind, 'translation')
    assert.deepEqual(
      why.candidates
        .filter((c: { exists: boolean }) => c.exists)
        .map((c: { owner: string; inEffect: boolean; detail: string }) => [c.owner, c.inEffect, c.detail]),
      [
        ['published', true, 'My notes'],
        ['package', false, 'Notes'],
      ],
    )
    assert.equal(why.published.state, 'changed-by-you')

    const removed = craft(root, ['package:remove', 'notes', '--force'], { timeout: 120_000 })
    assert.equal(removed.code, 0, removed.stdout + removed.stderr)
    assert.equal(existsSync(join(root, 'lang/vendor/notes/fr/posts.json')), false)
    assert.equal(existsSync(join(root, 'lang/vendor/notes/en/posts.json')), true)
  })

  it('a malformed message is one clear error naming the key', async () => {
    writeTree(root, { 'lang/en/broken.json': JSON.stringify({ count: '{count, plural, one {# x}' }) })
    assert.throws(() => app.app.translator.t('broken.count', { count: 1 }), /Translation "broken\.count" \(en\) is not a valid ICU message/)
    writeTree(root, {
      'app/commands/say.ts':
        "import { Command, t } from 'mortar'\nexport class Say extends Command {\n  static signature = 'say {key}'\n  handle() { this.line(t(this.argument('key'))) }\n}\n",
    })
    assertOneLineError(craft(root, ['say', 'broken.count'], T), /Translation "broken\.count" \(en\) is not a valid ICU message/)
    const missing = craft(root, ['say', 'messages.nope'], T)
    assert.equal(missing.code, 0)
    assert.equal(missing.stdout.trim(), 'messages.nope')
    assert.match(missing.stderr, /Missing translation "messages\.nope" \(en\)/)
  })
})
