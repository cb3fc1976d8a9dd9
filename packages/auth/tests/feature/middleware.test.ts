import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { TestApp } from 'mortar/testing'
import { authApp, makeUser } from '../support/app.js'

describe('the auth and guest middleware, ctx.auth and actingAs', () => {
  let app: TestApp
  before(async () => {
    app = await authApp()
  })
  after(() => app.close())
  beforeEach(() => app.cookies.clear())

  it('sends a guest to the login page and back to the page they asked for after logging in', async () => {
    await makeUser(app, { email: 'back@example.com' })
    ;(await app.get('/dashboard?tab=2')).assertStatus(302).assertRedirect('/login')
    ;(await app.get('/login')).assertOk()
    ;(await app.post('/login', { form: { email: 'back@example.com', password: 'correct horse battery' } })).assertRedirect(
      '/dashboard?tab=2',
    )
  })

  it('never follows an intended URL to another site', async () => {
    await makeUser(app, { email: 'evil@example.com' })
    await app.withSession({ auth_intended: '//evil.example/steal' })
    ;(await app.post('/login', { form: { email: 'evil@example.com', password: 'correct horse battery' } })).assertRedirect('/')
  })

  it('answers 401 JSON to an API or JSON request without a user', async () => {
    ;(await app.get('/api/notes')).assertStatus(401).assertJson({ message: 'Unauthenticated.' })
    ;(await app.get('/dashboard', { headers: { accept: 'application/json' } }))
      .assertStatus(401)
      .assertJson({ message: 'Unauthenticated.' })
    ;(await app.get('/api/user', { headers: { authorization: 'Bearer 1|not-a-real-secret-at-all-000' } })).assertStatus(401)
  })

  it('sends a signed-in user away from guest pages to auth.home', async () => {
    const user = await makeUser(app, { email: 'home@example.com' })
    await app.actingAs(user)
    ;(await app.get('/login')).assertRedirect('/')
    ;(await app.get('/register')).assertRedirect('/')
    ;(await app.get('/forgot-password')).assertRedirect('/')
    ;(await app.get('/account')).assertOk().assertSee('Your account').assertSee('value="home@example.com"')
  })

  it('gives views the signed-in user as auth', async () => {
    ;(await app.get('/')).assertOk().assertDontSee('Signed in as')
    const user = await makeUser(app, { name: 'Viewer', email: 'viewer@example.com' })
    await app.actingAs(user)
    ;(await app.get('/')).assertOk().assertSee('Signed in as Viewer')
    ;(await app.get('/account')).assertSee('Log out').assertDontSee('>Register<')
  })

  it('serves the stylesheet from the package', async () => {
    const css = (await app.get('/vendor/auth/auth.css')).assertOk()
    assert.match(css.text, /:focus-visible/)
    assert.match(css.headers.get('content-type') ?? '', /text\/css/)
  })
})
