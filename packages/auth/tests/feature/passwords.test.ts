import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { TestApp } from 'mortar/testing'
import { authApp, firstLink, makeUser } from '../support/app.js'

const NEW_PASSWORD = 'a brand new password'

describe('password reset by mail', () => {
  let app: TestApp
  before(async () => {
    app = await authApp()
  })
  after(() => app.close())
  beforeEach(async () => {
    app.cookies.clear()
    app.mail.clear()
    await app.csrfToken()
  })

  async function requestLink(email: string): Promise<URL> {
    ;(await app.get('/forgot-password')).assertOk()
    ;(await app.post('/forgot-password', { form: { email } })).assertStatus(303).assertRedirect('/forgot-password')
    const sent = app.mail.assertSent({ to: email, subject: 'Reset your password', view: 'auth:emails.reset' })
    return firstLink(sent.text)
  }

  it('says the same whether or not the email has an account, and mails only an account', async () => {
    await makeUser(app, { email: 'known@example.com' })
    ;(await app.get('/forgot-password')).assertOk()
    const unknown = await app.post('/forgot-password', { form: { email: 'unknown@example.com' } })
    app.mail.assertNothingSent()
    const known = await app.post('/forgot-password', { form: { email: 'known@example.com' } })
    app.mail.assertSent({ to: 'known@example.com' })
    for (const answer of [unknown, known])
      answer
        .assertStatus(303)
        .assertSessionHas('status', 'If an account uses that email address, a link to reset its password is on its way.')
    assert.equal(unknown.headers.get('location'), known.headers.get('location'))
  })

  it('resets the password with the link once, and refuses the same link a second time', async () => {
    const user = await makeUser(app, { email: 'once@example.com' })
    const link = await requestLink('once@example.com')
    assert.equal(link.origin, 'http://127.0.0.1:8000') // absolute, on app.url
    assert.match(link.pathname, /^\/reset-password\//)
    const stored = await app.db().selectFrom('password_reset_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    assert.ok(!link.pathname.includes(stored.token_hash))
    const page = (await app.get(link.pathname)).assertOk().assertSee('Choose a new password')
    const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1] as string
    ;(await app.post('/reset-password', { form: { token, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD } }))
      .assertStatus(303)
      .assertRedirect('/login')
      .assertSessionHas('status', 'Your password has been reset. Log in with it.')
    ;(
      await app.post('/reset-password', {
        form: { token, password: 'yet another password', password_confirmation: 'yet another password' },
      })
    )
      .assertStatus(303)
      .assertRedirect('/forgot-password')
      .assertSessionHas('error', 'This password reset link is invalid, used or expired. Ask for a new one.')
    ;(await app.get(link.pathname)).assertRedirect('/forgot-password')
    ;(await app.post('/login', { form: { email: 'once@example.com', password: 'yet another password' } })).assertSessionHasErrors(['email'])
    ;(await app.post('/login', { form: { email: 'once@example.com', password: NEW_PASSWORD } })).assertRedirect('/')
  })

  it('refuses a link once it has expired on the app clock', async () => {
    await makeUser(app, { email: 'late@example.com' })
    const link = await requestLink('late@example.com')
    ;(await app.get(link.pathname)).assertOk()
    app.travel(61 * 60_000)
    ;(await app.get(link.pathname)).assertRedirect('/forgot-password')
    const token = decodeURIComponent(link.pathname.split('/').at(-1) as string)
    ;(await app.post('/reset-password', { form: { token, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD } })).assertRedirect(
      '/forgot-password',
    )
  })

  it('ends the sessions opened with the old password when it is reset', async () => {
    await makeUser(app, { email: 'stolen@example.com' })
    ;(await app.post('/login', { form: { email: 'stolen@example.com', password: 'correct horse battery' } })).assertRedirect('/')
    const thief = app.cookies.get('mortar_session') as string
    app.cookies.clear()
    await app.csrfToken()
    const link = await requestLink('stolen@example.com')
    const token = decodeURIComponent(link.pathname.split('/').at(-1) as string)
    ;(await app.post('/reset-password', { form: { token, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD } })).assertRedirect(
      '/login',
    )
    app.cookies.clear()
    app.cookies.set('mortar_session', thief)
    ;(await app.get('/dashboard')).assertRedirect('/login')
  })

  it('refuses a changed link, and ends remembered logins when the password is reset', async () => {
    const user = await makeUser(app, { email: 'tamper@example.com' })
    ;(await app.post('/login', { form: { email: 'tamper@example.com', password: 'correct horse battery', remember: '1' } })).assertRedirect(
      '/',
    )
    ;(await app.post('/logout')).assertStatus(303)
    ;(await app.post('/login', { form: { email: 'tamper@example.com', password: 'correct horse battery', remember: '1' } })).assertRedirect(
      '/',
    )
    ;(await app.post('/logout')).assertStatus(303)
    await app
      .db()
      .insertInto('remember_tokens')
      .values({
        user_id: user.id,
        token_hash: 'x'.repeat(64),
        expires_at: '2999-01-01T00:00:00.000Z',
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute()
    await app.csrfToken()
    const link = await requestLink('tamper@example.com')
    const token = decodeURIComponent(link.pathname.split('/').at(-1) as string)
    const changed = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`
    ;(await app.get(`/reset-password/${encodeURIComponent(changed)}`)).assertRedirect('/forgot-password')
    ;(await app.post('/reset-password', { form: { token, password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD } })).assertRedirect(
      '/login',
    )
    assert.equal((await app.db().selectFrom('remember_tokens').selectAll().where('user_id', '=', user.id).execute()).length, 0)
  })
})

describe('email verification', () => {
  let app: TestApp
  before(async () => {
    app = await authApp({ 'auth.verify_email': true, 'auth.verify_expires_minutes': 60 })
  })
  after(() => app.close())

  it('mails a link at registration, keeps the user out until they follow it, and lets them in after', async () => {
    await app.csrfToken()
    ;(
      await app.post('/register', {
        form: {
          name: 'Vera',
          email: 'vera@example.com',
          password: 'correct horse battery',
          password_confirmation: 'correct horse battery',
        },
      })
    )
      .assertStatus(303)
      .assertRedirect('/verify-email')
    const mail = app.mail.assertSent({ to: 'vera@example.com', subject: 'Verify your email address', view: 'auth:emails.verify' })
    ;(await app.get('/dashboard')).assertRedirect('/verify-email')
    ;(await app.get('/verify-email')).assertOk().assertSee('We sent a link to vera@example.com')
    ;(await app.get('/api/user', { headers: { accept: 'application/json' } })).assertStatus(401)
    ;(await app.post('/verify-email')).assertStatus(303)
    assert.equal(app.mail.sent().length, 2)
    const link = firstLink(mail.text)
    const token = link.pathname.split('/').at(-1) as string
    const changed = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`
    ;(await app.get(`/verify-email/${changed}`)).assertRedirect('/verify-email')
    ;(await app.get(link.pathname)).assertRedirect('/').assertSessionHas('status', 'Your email address is verified.')
    ;(await app.get('/dashboard')).assertOk().assertSee('Dashboard of Vera')
    const row = await app
      .db()
      .selectFrom('users')
      .select('email_verified_at')
      .where('email', '=', 'vera@example.com')
      .executeTakeFirstOrThrow()
    assert.ok(row.email_verified_at)
  })

  it('refuses a verification link after it expires', async () => {
    app.cookies.clear()
    await app.csrfToken()
    ;(
      await app.post('/register', {
        form: {
          name: 'Late',
          email: 'late-verify@example.com',
          password: 'correct horse battery',
          password_confirmation: 'correct horse battery',
        },
      })
    ).assertRedirect('/verify-email')
    const link = firstLink(app.mail.assertSent({ to: 'late-verify@example.com' }).text)
    app.travel(61 * 60_000) // the link's hour is over, the session's idle two hours are not
    ;(await app.get(link.pathname)).assertRedirect('/verify-email')
    ;(await app.get('/dashboard')).assertRedirect('/verify-email')
  })

  it('asks to verify again after the email changes on the account page', async () => {
    app.cookies.clear()
    app.mail.clear()
    ;(
      await app.craft('auth:create-user', [
        '--name',
        'Moves',
        '--email',
        'moves@example.com',
        '--password',
        'correct horse battery',
        '--verified',
      ])
    ).assertSuccess()
    const user = (await app.db().selectFrom('users').selectAll().where('email', '=', 'moves@example.com').executeTakeFirstOrThrow()) as {
      id: number
    }
    await app.actingAs(user)
    ;(await app.get('/dashboard')).assertOk()
    ;(await app.put('/account/profile', { form: { name: 'Moves', email: 'moved@example.com' } })).assertRedirect('/account')
    const mail = app.mail.assertSent({ to: 'moved@example.com', subject: 'Verify your email address' })
    ;(await app.get('/dashboard')).assertRedirect('/verify-email')
    ;(await app.get(firstLink(mail.text).pathname)).assertRedirect('/')
    ;(await app.get('/dashboard')).assertOk()
  })
})
