// Views escape by default: a value stored through a package's API with markup and a script in it
// renders as text on the package's pages; only the explicit `{{{ }}}` form writes raw HTML; error
// pages escape what the request put in them.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { ViewEngine } from '../../src/views/view_engine.js'
import { securityApp } from './shared_app.js'
import { writeTree } from './support.js'

const HOSTILE = `<script>document.title='pwned'</script><img src=x onerror="alert(1)"><b>bold</b> & "quotes" 'too'`

describe('views escape by default', () => {
  let app: TestApp

  before(async () => {
    app = await createTestApp({ root: (await securityApp()).root })
  })
  after(() => app?.close())

  test('a stored title and body with markup and a script render as text on the blog pages', async () => {
    const created = (
      await app.post('/api/blog/posts', { json: { title: HOSTILE, body: `${HOSTILE}\n<iframe src="//evil">` } })
    ).assertCreated()
    const id = created.json<{ data: { id: number; title: string } }>().data.id
    // The JSON API returns the value as stored: JSON is not HTML.
    assert.equal(created.json<{ data: { title: string } }>().data.title, HOSTILE)

    for (const path of ['/blog', `/blog/posts/${id}`]) {
      const page = (await app.get(path)).assertOk()
      page.assertDontSee('<script>document.title')
      page.assertDontSee('<img src=x')
      page.assertDontSee('<b>bold</b>')
      page.assertDontSee('<iframe')
      assert.ok(page.text.includes('&lt;script&gt;document.title=') && page.text.includes('&lt;/script&gt;'), 'the script shows as text')
      assert.match(page.text, /&lt;b&gt;bold&lt;\/b&gt; &amp; &quot;quotes&quot;/)
    }
  })

  test('an error page escapes the path it names', async () => {
    const page = await app.get('/%3Cscript%3Ealert(1)%3C/script%3E')
    page.assertNotFound()
    page.assertDontSee('<script>alert(1)</script>')
  })
})

describe('the view engine: {{ }} escapes, {{{ }}} is the explicit raw form', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mortar-views-'))
  after(() => rmSync(folder, { recursive: true, force: true }))
  writeTree(folder, {
    'escaped.edge': '<p>{{ value }}</p>',
    'raw.edge': '<div>{{{ value }}}</div>',
    'attribute.edge': '<a href="/search?q={{ value }}" title="{{ value }}">x</a>',
    'component-user.edge': "@component('box', { content: value })\n@end\n",
    'box.edge': '<section>{{ content }}</section>',
  })
  const engine = new ViewEngine(folder, { cache: false })

  test('{{ value }} writes text, in content and in attributes, through components too', async () => {
    for (const name of ['escaped', 'attribute', 'component-user']) {
      const html = await engine.render(name, { value: HOSTILE })
      assert.ok(!html.includes('<script>'), `${name}: ${html}`)
      assert.ok(!html.includes('<img'), `${name}: ${html}`)
      assert.ok(!html.includes('"alert(1)"'), `${name}: ${html}`)
      assert.ok(html.includes('&lt;script&gt;'), `${name}: ${html}`)
    }
  })

  test('{{{ value }}} writes the value as HTML, as asked', async () => {
    assert.equal(await engine.render('raw', { value: '<b>trusted</b>' }), '<div><b>trusted</b></div>')
  })
})
