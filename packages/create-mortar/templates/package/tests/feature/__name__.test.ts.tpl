import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'

// The test application in tests/integrations has this package installed (linked), so these tests
// see the package the way an app that installs it from npm does, with a fresh database each run.
describe('the __name__ package in an application', () => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ root: new URL('../integrations/', import.meta.url) })
  })
  after(() => app.close())

  it('is discovered', () => {
    assert.ok(app.app.packages.get('__name__'))
  })
{{#if config}}

  it('gives its config defaults', () => {
    assert.equal(app.config('__name__.greeting'), 'Hello from __title__')
  })
{{/if}}
{{#if routes}}

  it('serves its page', async () => {
    ;(await app.get('/__name__')).assertOk().assertSee('Hello from __title__')
  })

  it('answers its JSON API', async () => {
    ;(await app.post('/api/__name__/items', { json: { name: 'First' } })).assertCreated()
    ;(await app.post('/api/__name__/items', { json: {} })).assertStatus(422)
  })
{{/if}}
{{#if views}}

  it('renders its view', async () => {
    const html = await app.app.views.render('__name__:index', { greeting: 'Welcome'{{#if migrations}}, items: [{ name: 'First' }]{{/if}} })
    assert.match(html, /<h1>Welcome<\/h1>/)
  })
{{/if}}
{{#if migrations}}

  it('creates its table', async () => {
    await app.db().insertInto('__snake___items').values({ name: 'Second', created_at: new Date().toISOString() }).execute()
    const rows = await app.db().selectFrom('__snake___items').select('name').execute()
    assert.ok(rows.some((row) => row.name === 'Second'))
  })
{{/if}}
{{#if assets}}

  it('serves its stylesheet', async () => {
    ;(await app.get('/vendor/__name__/__name__.css')).assertOk().assertSee('.__name__')
  })
{{/if}}
{{#if commands}}

  it('adds the __name__:hello command', async () => {
    ;(await app.craft('__name__:hello', ['Ada'])).assertSuccess().assertOutputContains('Ada!')
  })
{{/if}}
})
