import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'

describe('the welcome page', () => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ root: new URL('../', import.meta.url) })
  })
  after(() => app.close())

  it('greets the visitor', async () => {
    ;(await app.get('/')).assertOk().assertSee('Your Mortar application is running')
  })

  it('answers the API health check', async () => {
    ;(await app.get('/api/health')).assertOk().assertJson({ status: 'ok' })
  })

  it('has the inspire command', async () => {
    ;(await app.craft('inspire', ['--all'])).assertSuccess().assertOutputContains('Kent Beck')
  })
})
