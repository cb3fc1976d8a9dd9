import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { TestApp } from 'mortar/testing'
import { authApp, makeUser } from '../support/app.js'

const PASSWORD = 'correct horse battery'

describe('the account page', () => {
  let app: TestApp
  before(async () => {
    app = await authApp()
  })
  after(() => app.close())
  beforeEach(() => app.cookies.clear())

  it('changes the name and email; an email another user has is refused', async () => {
    const user = await makeUser(app, { email: 'me@example.com' })
    await makeUser(app, { email: 'them@example.com' })
    await app.actingAs(user)
    ;(await app.get('/account')).assertOk()
    ;(await app.put('/account/profile', { form: { name: 'Ada King', email: 'them@example.com' } }))
      .assertRedirect('/account')
      .assertSessionHasErrors({
        email: 'cannot be used',
      })
    ;(await app.put('/account/profile', { form: { name: 'Ada King', email: 'Countess@Example.com' } }))
      .assertRedirect('/account')
      .assertSessionHas('status', 'Your profile has been saved.')
    const row = await app.db().selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow()
    assert.equal(row.name, 'Ada King')
    assert.equal(row.email, 'countess@example.com')
  })

  it('changes the password only with the current one', async () => {
    const user = await makeUser(app, { email: 'pw@example.com' })
    await app.actingAs(user)
    ;(await app.get('/account')).assertOk()
    ;(
      await app.put('/account/password', {
        form: { current_password: 'wrong one', password: 'new password 1', password_confirmation: 'new password 1' },
      })
    )
      .assertRedirect('/account')
      .assertSessionHasErrors({ current_password: 'not your current password' })
    ;(
      await app.put('/account/password', {
        form: { current_password: PASSWORD, password: 'new password 1', password_confirmation: 'new password 1' },
      })
    )
      .assertRedirect('/account')
      .assertSessionHas('status', 'Your password has been changed.')
    ;(await app.post('/logout')).assertStatus(303)
    ;(await app.post('/login', { form: { email: 'pw@example.com', password: PASSWORD } })).assertSessionHasErrors(['email'])
    ;(await app.post('/login', { form: { email: 'pw@example.com', password: 'new password 1' } })).assertRedirect('/')
  })

  it("ends the user's other sessions when the password changes, and keeps this one", async () => {
    await makeUser(app, { email: 'two@example.com' })
    ;(await app.post('/login', { form: { email: 'two@example.com', password: PASSWORD } })).assertRedirect('/')
    const laptop = app.cookies.get('mortar_session') as string
    app.cookies.clear()
    ;(await app.post('/login', { form: { email: 'two@example.com', password: PASSWORD } })).assertRedirect('/')
    ;(
      await app.put('/account/password', {
        form: { current_password: PASSWORD, password: 'new password 2', password_confirmation: 'new password 2' },
      })
    ).assertRedirect('/account')
    ;(await app.get('/dashboard')).assertOk()
    app.cookies.clear()
    app.cookies.set('mortar_session', laptop)
    ;(await app.get('/dashboard')).assertRedirect('/login')
  })

  it('deletes the account with the password, and its tokens with it', async () => {
    const user = await makeUser(app, { email: 'bye@example.com' })
    ;(await app.craft('auth:token', ['bye@example.com'])).assertSuccess()
    await app.actingAs(user)
    ;(await app.get('/account')).assertOk()
    ;(await app.delete('/account', { form: { password_for_deletion: 'not it' } })).assertSessionHasErrors({
      password_for_deletion: 'not your current password',
    })
    assert.ok(await app.db().selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst())
    ;(await app.delete('/account', { form: { password_for_deletion: PASSWORD } }))
      .assertRedirect('/')
      .assertSessionHas('status', 'Your account has been deleted.')
    assert.equal(await app.db().selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst(), undefined)
    assert.equal((await app.db().selectFrom('personal_access_tokens').select('id').where('user_id', '=', user.id).execute()).length, 0)
    ;(await app.get('/account')).assertRedirect('/login')
  })
})
