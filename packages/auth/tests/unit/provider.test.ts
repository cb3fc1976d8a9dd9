import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import AuthProvider from '../../src/provider.js'

describe('AuthProvider', () => {
  it('names the package and declares its resources, middleware and install recipe', () => {
    // configure() only names the package and its files: no application is needed until register().
    const provider = new AuthProvider(undefined as never)
    provider.configure()
    const definition = provider.definition()
    assert.equal(definition.name, 'auth')
    assert.equal(definition.config?.publish, true)
    assert.equal(definition.views?.publish, true)
    assert.deepEqual(
      definition.migrations.map((file) => file.split('/').at(-1)),
      [
        'create_users_table.ts',
        'create_password_reset_tokens_table.ts',
        'create_remember_tokens_table.ts',
        'create_personal_access_tokens_table.ts',
      ],
    )
    assert.equal(definition.routes.length, 2)
    assert.deepEqual(Object.keys(definition.middleware?.named ?? {}), ['auth', 'guest'])
    assert.deepEqual(definition.installPublishes, ['config', 'views'])
    assert.deepEqual(
      definition.commands.map((command) => command.signature.split(' ')[0]),
      ['auth:create-user', 'auth:token'],
    )
  })
})
