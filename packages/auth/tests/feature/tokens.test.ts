import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { TestApp } from 'mortar/testing'
import { authApp, makeUser } from '../support/app.js'

describe('personal access tokens', () => {
  let app: TestApp
  before(async () => {
    app = await authApp()
  })
  after(() => app.close())
  beforeEach(() => app.cookies.clear())

  function bearer(token: string) {
    return { cookies: false, headers: { authorization: `Bearer ${token}` } } as const
  }

  it('are made from the account page, shown once, stored as a digest, and revoked there', async () => {
    const user = await makeUser(app, { email: 'page@example.com' })
    await app.actingAs(user)
    ;(await app.get('/account')).assertOk().assertSee('No tokens yet.')
    ;(await app.post('/account/tokens', { form: { token_name: 'laptop', 'abilities[]': 'read' } })).assertRedirect('/account')
    const page = (await app.get('/account')).assertOk().assertSee('Copy it now').assertSee('laptop')
    const token = /class="auth-token">([^<]+)</.exec(page.text)?.[1] as string
    assert.match(token, /^\d+\|[\w-]+$/)
    ;(await app.get('/account')).assertDontSee(token)
    const row = await app.db().selectFrom('personal_access_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    assert.equal(
      row.token_hash,
      (await import('node:crypto'))
        .createHash('sha256')
        .update(token.split('|')[1] as string)
        .digest('hex'),
    )
    assert.equal(row.abilities, '["read"]')
    ;(await app.get('/api/notes', bearer(token))).assertOk().assertJson({ user: 'page@example.com' })
    ;(await app.post('/api/notes', { ...bearer(token), json: {} })).assertStatus(403)
    ;(await app.get('/account')).assertSee(`last used ${new Date(app.app.now()).toISOString().slice(0, 10)}`)
    ;(await app.post('/account/tokens', { form: { token_name: 'x', 'abilities[]': 'launch' } })).assertSessionHasErrors({
      abilities: 'Unknown abilities: launch',
    })
    await app.actingAs(user)
    ;(await app.delete(`/account/tokens/${row.id}`)).assertRedirect('/account')
    ;(await app.get('/api/notes', bearer(token))).assertStatus(401)
  })

  it('are made by craft auth:token with abilities and an expiry, and refused once expired', async () => {
    await makeUser(app, { email: 'cli@example.com' })
    const run = (
      await app.craft('auth:token', ['cli@example.com', '--name', 'deploy', '--abilities', 'read,write', '--expires', '2'])
    ).assertSuccess()
    run.assertOutputContains('abilities read, write').assertOutputContains('expires')
    const token = run.output.trim().split('\n').at(-1) as string
    ;(await app.get('/api/user', bearer(token)))
      .assertOk()
      .assertJson({ data: { email: 'cli@example.com' }, token: { name: 'deploy', abilities: ['read', 'write'] } })
    assert.equal(JSON.parse((await app.get('/api/user', bearer(token))).text).data.password, undefined)
    ;(await app.post('/api/notes', { ...bearer(token), json: {} })).assertOk()
    app.travel(2 * 86_400_000 + 1000)
    ;(await app.get('/api/user', bearer(token))).assertStatus(401)
  })

  it('refuse a wrong secret, a malformed header and an unknown user', async () => {
    await makeUser(app, { email: 'wrong@example.com' })
    const run = (await app.craft('auth:token', ['wrong@example.com'])).assertSuccess().assertOutputContains('never expires')
    const token = run.output.trim().split('\n').at(-1) as string
    const [id] = token.split('|')
    ;(await app.get('/api/user', bearer(`${id}|${'A'.repeat(54)}`))).assertStatus(401)
    ;(await app.get('/api/user', bearer('garbage'))).assertStatus(401)
    ;(await app.get('/api/user', bearer(token))).assertOk()
    ;(await app.craft('auth:token', ['nobody@example.com'])).assertFailed().assertErrorContains('No user has the email nobody@example.com')
    ;(await app.craft('auth:token', ['wrong@example.com', '--expires', 'soon']))
      .assertFailed()
      .assertErrorContains('--expires must be a whole number')
  })
})

describe('craft auth:create-user', () => {
  let app: TestApp
  before(async () => {
    app = await authApp()
  })
  after(() => app.close())

  it('creates a user from flags and prints it', async () => {
    const run = (
      await app.craft('auth:create-user', ['--name', 'Demo', '--email', 'Demo@Example.com', '--password', 'demo password', '--verified'])
    ).assertSuccess()
    run.assertOutputContains('Created user #1: Demo <demo@example.com> (verified)')
    ;(await app.post('/login', { form: { email: 'demo@example.com', password: 'demo password' } })).assertRedirect('/')
  })

  it('without a terminal, refuses what the flags leave out, and a taken email or short password', async () => {
    ;(await app.craft('auth:create-user', ['--name', 'X', '--email', 'x@example.com']))
      .assertFailed()
      .assertErrorContains('--password is missing (there is no terminal to ask)')
    ;(await app.craft('auth:create-user', ['--name', 'X', '--email', 'x@example.com', '--password', 'short']))
      .assertFailed()
      .assertErrorContains('shorter than 8')
    ;(await app.craft('auth:create-user', ['--name', 'X', '--email', 'demo@example.com', '--password', 'long enough']))
      .assertFailed()
      .assertErrorContains('exists')
  })
})
