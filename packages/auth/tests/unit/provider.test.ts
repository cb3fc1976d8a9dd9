import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import AuthProvider from '../../src/provider.js'

describe('AuthProvider', () => {
  it('names the package and declares its resources', () => {
    // configure() only names the package and its files: no application is needed until register().
    const provider = new AuthProvider(undefined as never)
    provider.configure()
    const definition = provider.definition()
    assert.equal(definition.name, 'auth')
    assert.equal(definition.config?.publish, true)
    assert.equal(definition.views?.publish, true)
    assert.equal(definition.migrations.length, 1)
    assert.equal(definition.routes.length, 2)
    assert.equal(definition.assets?.publish, true)
    assert.ok(definition.commands[0]?.signature.startsWith('auth:hello'))
  })
})
