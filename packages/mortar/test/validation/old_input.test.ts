// What a failed form flashes back as old input: never passwords, confirmations, the CSRF token,
// the spoofed method, uploaded files or the fields an `except` list names; read back by path.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { keptInput, oldValue } from '../../src/validation/old_input.js'

describe('old input', () => {
  it('leaves out passwords, confirmations, _token and _method, at any depth', () => {
    const input = {
      email: 'ada@example.com',
      password: 'secret',
      password_confirmation: 'secret',
      passwordHint: 'x',
      email_confirmation: 'ada@example.com',
      _token: 'abc',
      _method: 'PUT',
      profile: { name: 'Ada', password: 'nested' },
      items: [{ name: 'Tea', password_again: 'x' }],
    }
    assert.deepEqual(keptInput(input), {
      email: 'ada@example.com',
      profile: { name: 'Ada' },
      items: [{ name: 'Tea' }],
    })
  })

  it('leaves out the fields named in except, by name or dotted path, and uploaded files', () => {
    const input = { card: { number: '4242', holder: 'Ada' }, secret_answer: 'blue', avatar: new Blob(['x']), note: 'hi' }
    assert.deepEqual(keptInput(input, ['secret_answer', 'card.number']), { card: { holder: 'Ada' }, note: 'hi' })
  })

  it('keeps nothing of input that is not an object', () => {
    assert.deepEqual(keptInput('text'), {})
    assert.deepEqual(keptInput(null), {})
  })

  it('reads a value by dotted path, with a fallback', () => {
    const old = { email: 'ada@example.com', items: [{ name: 'Tea' }] }
    assert.equal(oldValue(old, 'email'), 'ada@example.com')
    assert.equal(oldValue(old, 'items.0.name'), 'Tea')
    assert.equal(oldValue(old, 'items.3.name', 'none'), 'none')
    assert.equal(oldValue(undefined, 'email', ''), '')
  })
})
