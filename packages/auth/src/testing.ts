/**
 * Test helpers of @mortar/auth. Importing this module adds `actingAs` to every `TestApp`.
 *
 * @example
 * import '@mortar/auth/testing'
 * const ada = await app.craft('auth:create-user', [...])
 * await app.actingAs(user)
 * ;(await app.get('/account')).assertOk()
 *
 * @module
 */
import { TestApp } from 'mortar/testing'
import { SESSION_KEY } from './auth.js'

declare module 'mortar/testing' {
  interface TestApp {
    /** Signs `user` in for the next requests of this test app, as if they had logged in. */
    actingAs(user: { id: number }): Promise<TestApp>
  }
}

TestApp.extend('actingAs', async function (this: TestApp, user: { id: number }) {
  await this.withSession({ [SESSION_KEY]: user.id })
  return this
})
