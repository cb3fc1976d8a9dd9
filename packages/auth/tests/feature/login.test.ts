import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { TestApp } from 'mortar/testing'
import { authApp, makeUser } from '../support/app.js'

const PASSWORD = 'correct horse battery'

describe('register, login, logout and remember me', () => {
  let app: TestApp
  before(async () => {
    app = await authApp()
  })
  after(() => app.close())
  beforeEach(() => app.cookies.clear())

  it('registers a user, signs them in with a new session id, and shows them in views', async () => {
    ;(await app.get('/register')).assertOk().assertSee('Create an account').assertSee('for="auth-email"')
    const guest = app.cookies.get('mortar_session')
    ;(
      await app.post('/register', {
        form: { name: 'Grace', email: 'Grace@Example.com', password: PASSWORD, password_confirmation: PASSWORD },
      })
    )
      .assertStatus(303)
      .assertRedirect('/')
      .assertSessionHas('status', 'Welcome, Grace!')
    assert.notEqual(app.cookies.get('mortar_session'), guest)
    const row = await app.db().selectFrom('users').selectAll().where('email', '=', 'grace@example.com').executeTakeFirstOrThrow()
    assert.match(row.password, /^\$scrypt\$/)
    ;(await app.get('/')).assertOk().assertSee('Signed in as Grace')
    ;(await app.get('/dashboard')).assertOk().assertSee('Dashboard of Grace')
  })

  it('refuses a registration with errors tied to their fields, keeping the input but not the password', async () => {
    await app.csrfToken() // a visitor with a session: the page they were on is where a failed form goes back to
    ;(await app.get('/register')).assertOk()
    ;(await app.post('/register', { form: { name: '', email: 'nope', password: 'short', password_confirmation: 'other' } }))
      .assertStatus(303)
      .assertRedirect('/register')
      .assertSessionHasErrors({ name: 'Enter your name', email: 'valid email', password: 'at least 8' })
    const page = (await app.get('/register')).assertOk()
    page.assertSee('value="nope"').assertSee('aria-describedby="auth-email-error"').assertSee('id="auth-email-error"')
    page.assertSee('aria-describedby="auth-password-hint auth-password-error"').assertDontSee('value="short"')
    await makeUser(app, { email: 'taken@example.com' })
    ;(await app.post('/register', { form: { name: 'X', email: 'taken@example.com', password: PASSWORD, password_confirmation: PASSWORD } }))
      .assertStatus(303)
      .assertSessionHasErrors({ email: 'cannot be used' })
    ;(await app.post('/register', { form: { name: 'X', email: 'x@example.com', password: PASSWORD, password_confirmation: 'different!' } }))
      .assertStatus(303)
      .assertSessionHasErrors({ password_confirmation: 'do not match' })
  })

  it('logs in, regenerates the session, and logs out (POST only) ending the session', async () => {
    await makeUser(app, { email: 'login@example.com' })
    await app.withSession({ cart: [1] })
    const guest = app.cookies.get('mortar_session')
    ;(await app.post('/login', { form: { email: 'LOGIN@example.com', password: PASSWORD } })).assertStatus(303).assertRedirect('/')
    assert.notEqual(app.cookies.get('mortar_session'), guest)
    assert.deepEqual((await app.session()).cart, [1])
    ;(await app.get('/dashboard')).assertOk()
    ;(await app.get('/logout')).assertStatus(405)
    ;(await app.post('/logout')).assertStatus(303).assertRedirect('/')
    assert.equal((await app.session()).auth_user_id, undefined)
    assert.equal((await app.session()).cart, undefined)
    ;(await app.get('/dashboard')).assertRedirect('/login')
  })

  it('gives the same answer for an unknown email and a wrong password', async () => {
    await makeUser(app, { email: 'same@example.com' })
    ;(await app.get('/login')).assertOk()
    const unknown = await app.post('/login', { form: { email: 'nobody@example.com', password: PASSWORD } })
    unknown.assertStatus(303).assertSessionHasErrors({ email: 'do not match our records' })
    const wrong = await app.post('/login', { form: { email: 'same@example.com', password: 'wrong password' } })
    wrong.assertStatus(303).assertSessionHasErrors({ email: 'do not match our records' })
    assert.equal(unknown.headers.get('location'), wrong.headers.get('location'))
    // The form comes back with the email filled in, never the password.
    ;(await app.get('/login')).assertSee('value="same@example.com"').assertDontSee('wrong password').assertSee('aria-invalid="true"')
  })

  it('remembers a login in a cookie after the session ends, and forgets it at logout', async () => {
    const user = await makeUser(app, { email: 'remember@example.com' })
    ;(await app.post('/login', { form: { email: 'remember@example.com', password: PASSWORD, remember: '1' } }))
      .assertStatus(303)
      .assertCookie('remember_token')
    const remembered = await app.db().selectFrom('remember_tokens').selectAll().where('user_id', '=', user.id).execute()
    assert.equal(remembered.length, 1)
    assert.match(remembered[0]?.token_hash, /^[0-9a-f]{64}$/)
    app.cookies.delete('mortar_session') // the browser was closed: the session cookie is gone
    ;(await app.get('/dashboard')).assertOk().assertSee('Dashboard of Ada')
    assert.equal((await app.session()).auth_user_id, user.id)
    ;(await app.post('/logout')).assertStatus(303)
    assert.equal(app.cookies.has('remember_token'), false)
    assert.equal((await app.db().selectFrom('remember_tokens').selectAll().where('user_id', '=', user.id).execute()).length, 0)
    ;(await app.get('/dashboard')).assertRedirect('/login')
  })

  it('throttles logins: 5 failures a minute per email and address, then lets in again when the minute is over', async () => {
    await makeUser(app, { email: 'slow@example.com' })
    for (let i = 0; i < 5; i++) {
      ;(await app.post('/login', { form: { email: 'slow@example.com', password: `wrong ${i}` } })).assertSessionHasErrors({
        email: 'do not match',
      })
    }
    ;(await app.post('/login', { form: { email: 'slow@example.com', password: PASSWORD } })).assertSessionHasErrors({
      email: 'Too many login attempts',
    })
    assert.equal((await app.session()).auth_user_id, undefined)
    // Another email from the same address is not held back.
    await makeUser(app, { email: 'other@example.com' })
    ;(await app.post('/login', { form: { email: 'other@example.com', password: PASSWORD } })).assertRedirect('/')
    ;(await app.post('/logout')).assertStatus(303)
    app.travel(61_000)
    ;(await app.post('/login', { form: { email: 'slow@example.com', password: PASSWORD } })).assertRedirect('/')
  })

  it('rehashes at login a password hashed with older parameters', async () => {
    app.app.config.set('hashing.scrypt.cost', 8192)
    const user = await makeUser(app, { email: 'old@example.com' })
    app.app.config.set('hashing.scrypt.cost', 16_384)
    assert.match(user.password, /ln=13/)
    ;(await app.post('/login', { form: { email: 'old@example.com', password: PASSWORD } })).assertRedirect('/')
    const row = await app.db().selectFrom('users').select('password').where('id', '=', user.id).executeTakeFirstOrThrow()
    assert.match(row.password, /ln=14/)
  })
})
