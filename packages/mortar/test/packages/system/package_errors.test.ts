// A package's own coded errors: `defineErrors()` factories and `MortarError<'E_…'>` type-check
// (this file is part of the workspace's tsc run), and a package command throwing one makes the
// real craft print one line and exit 1, like Mortar's own codes.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { defineErrors, isMortarError, MortarError } from 'mortar'
import { assertOneLineError } from '../../core/support.js'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { installFixture, provider } from './support.js'

const errors = defineErrors({
  E_HONEYPOT_SECRET: { message: 'HONEYPOT_SECRET is not set', hint: 'Add it to .env.' },
  E_HONEYPOT_FIELD: { message: (field: string, form: string) => `The form "${form}" has no field "${field}"` },
})

describe('package error codes', { timeout: 120_000 }, () => {
  it('defineErrors() gives typed factories with the message template beside the code', () => {
    const secret = errors.E_HONEYPOT_SECRET()
    const field = errors.E_HONEYPOT_FIELD('website', 'contact')
    const code: 'E_HONEYPOT_FIELD' = field.code
    assert.equal(code, 'E_HONEYPOT_FIELD')
    assert.equal(field.message, 'The form "contact" has no field "website"')
    assert.equal(secret.hint, 'Add it to .env.')
    assert.equal(errors.E_HONEYPOT_SECRET.code, 'E_HONEYPOT_SECRET')
    assert.ok(secret instanceof MortarError && isMortarError(secret))
    // @ts-expect-error the template takes two values
    errors.E_HONEYPOT_FIELD('website')
  })

  it('MortarError takes a package code when it is named, and only core codes otherwise', () => {
    const own = new MortarError<'E_HONEYPOT_SECRET'>('E_HONEYPOT_SECRET', 'HONEYPOT_SECRET is not set')
    assert.equal(own.code, 'E_HONEYPOT_SECRET')
    // @ts-expect-error a code Mortar does not have, without naming it, is a typo
    const typo = new MortarError('E_PACKAGE_UNKOWN', 'typo')
    assert.ok(isMortarError(typo))
    // @ts-expect-error codes start with E_
    new MortarError<'HONEYPOT'>('HONEYPOT', 'no prefix')
  })

  it('refuses a key that is not a code', () => {
    assert.throws(
      () => defineErrors({ E_lower: { message: 'x' } }),
      (error: unknown) => isMortarError(error) && error.code === 'E_ERROR_CODE_INVALID' && error.message.includes('"E_lower"'),
    )
  })

  describe('through craft', () => {
    let app: string
    before(() => {
      app = createTempApp({ name: 'package-errors' })
      installFixture(app, {
        npmName: 'mortar-honeypot',
        files: {
          'provider.js': provider(".name('honeypot').commands(Check, Strict)", "import { Check, Strict } from './commands.js'"),
          'commands.js': `import { Command, defineErrors, MortarError } from 'mortar'

export const errors = defineErrors({
  E_HONEYPOT_SECRET: { message: 'HONEYPOT_SECRET is not set', hint: 'Add HONEYPOT_SECRET to .env.' },
})

export class Check extends Command {
  static signature = 'honeypot:check'
  static description = 'Checks the honeypot settings'
  handle() {
    throw errors.E_HONEYPOT_SECRET()
  }
}

export class Strict extends Command {
  static signature = 'honeypot:strict'
  static description = 'Throws a MortarError with its own code'
  handle() {
    throw new MortarError('E_HONEYPOT_FIELD', 'The form has no honeypot field', { hint: 'Add @include("honeypot:fields").' })
  }
}
`,
        },
      })
    })
    after(() => removeTempApp(app))

    it('a package command throwing its own coded error prints one line and exits 1', () => {
      const check = craft(app, ['honeypot:check'])
      assert.equal(check.code, 1)
      assertOneLineError(check, 'HONEYPOT_SECRET is not set — Add HONEYPOT_SECRET to .env.')
      const strict = craft(app, ['honeypot:strict'])
      assert.equal(strict.code, 1)
      assertOneLineError(strict, 'The form has no honeypot field — Add @include("honeypot:fields").')
      // --verbose still gives the stack.
      assert.match(craft(app, ['honeypot:check', '--verbose']).stderr, /^\s+at /m)
    })
  })
})
