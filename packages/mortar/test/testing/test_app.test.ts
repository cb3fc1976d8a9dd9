import { AssertionError } from 'node:assert'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { BLOG, createTempApp, removeTempApp } from '../support/temp_app.js'

// Runs on SQLite, and on PostgreSQL under `npm run test:pg` (MORTAR_TEST_DB=postgres).
describe(`mortar/testing against an app with the blog package (${process.env.MORTAR_TEST_DB ?? 'sqlite'})`, () => {
  let root: string
  let app: TestApp
  let other: TestApp

  before(async () => {
    root = createTempApp({ packages: [BLOG], name: 'testing' })
    app = await createTestApp({ root })
    other = await createTestApp({ root, config: { 'blog.title': 'Other' } })
  })
  after(async () => {
    await app?.close()
    await other?.close()
    removeTempApp(root)
  })

  it('answers in-process with chainable assertions', async () => {
    ;(await app.get('/')).assertOk().assertSee('Your Mortar application is running').assertSee('blog')
    ;(await app.get('/api/health')).assertOk().assertJson({ status: 'ok' }).assertHeader('content-type')
    ;(await app.get('/nope')).assertNotFound()
  })

  it('runs the migrations on a fresh database per test app', async () => {
    ;(await app.post('/api/blog/posts', { json: { title: 'Hi' } })).assertCreated().assertJsonPath('data.title', 'Hi')
    ;(await app.get('/blog')).assertOk().assertSee('Hi')
    ;(await other.get('/api/blog/posts')).assertOk().assertJson({ data: [] })
    assert.equal((await app.db().selectFrom('posts').selectAll().execute()).length, 1)
  })

  it('validates input with a 422 and escapes what it renders', async () => {
    ;(await app.post('/api/blog/posts', { json: {} })).assertStatus(422).assertJson({ errors: { title: 'A title is required' } })
    ;(await app.post('/api/blog/posts', { json: { title: '<b>bold</b>' } })).assertCreated()
    const page = await app.get('/blog')
    page.assertSee('&lt;b&gt;bold&lt;/b&gt;').assertDontSee('<b>bold</b>')
    // assertSee() finds text as Edge escapes it (an apostrophe is &#x27;).
    ;(await app.post('/api/blog/posts', { json: { title: "It's `done`" } })).assertCreated()
    ;(await app.get('/blog')).assertSee("It's `done`")
  })

  it('reads config, with overrides per test app', () => {
    assert.equal(app.config('blog.per_page'), 10)
    assert.equal(app.config('blog.title'), 'The Blog')
    assert.equal(other.config('blog.title'), 'Other')
  })

  it('runs craft commands in-process and captures their output', async () => {
    ;(await app.craft('inspire', ['--all'])).assertSuccess().assertOutputContains('Kent Beck')
    ;(await app.craft('migrate:status')).assertSuccess().assertOutputContains('create_posts_table')
    ;(await app.craft('nope')).assertFailed().assertErrorContains('not defined')
    ;(await app.craft('blog:import')).assertFailed().assertErrorContains('missing argument "file"')
  })

  it('throws ordinary assertion errors', async () => {
    const response = await app.get('/')
    assert.throws(() => response.assertStatus(500), AssertionError)
    assert.throws(() => response.assertSee('not on the page'), /to contain "not on the page"/)
    assert.throws(() => response.json(), AssertionError)
  })
})
