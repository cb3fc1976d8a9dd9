import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import __Name__Provider from '../../src/provider.js'

describe('__Name__Provider', () => {
  it('names the package and declares its resources', () => {
    // configure() only names the package and its files: no application is needed until register().
    const provider = new __Name__Provider(undefined as never)
    provider.configure()
    const definition = provider.definition()
    assert.equal(definition.name, '__name__')
{{#if config}}
    assert.equal(definition.config?.publish, true)
{{/if}}
{{#if views}}
    assert.equal(definition.views?.publish, true)
{{/if}}
{{#if migrations}}
    assert.equal(definition.migrations.length, 1)
{{/if}}
{{#if routes}}
    assert.equal(definition.routes.length, 2)
{{/if}}
{{#if assets}}
    assert.equal(definition.assets?.publish, true)
{{/if}}
{{#if commands}}
    assert.ok(definition.commands[0]?.signature.startsWith('__name__:hello'))
{{/if}}
  })
})
