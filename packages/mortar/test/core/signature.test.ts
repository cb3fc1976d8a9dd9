// The command signature parser (Laravel/Masonite style) and the parsing of argv against it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseInput, usageLine } from '../../src/console/command.js'
import { parseSignature } from '../../src/console/signature.js'

/** Asserts `fn` throws a Mortar error with `code` whose message matches `pattern`; returns it. */
function throwsCode(fn: () => unknown, code: string, pattern?: RegExp): { message: string; hint?: string } {
  try {
    fn()
  } catch (error) {
    const e = error as { code?: string; message: string; hint?: string }
    assert.equal(e.code, code, e.message)
    if (pattern) assert.match(e.message, pattern)
    return e
  }
  assert.fail(`expected ${code}`)
}

describe('parseSignature', () => {
  it('reads the name, arguments and options with their descriptions', () => {
    const spec = parseSignature('blog:import {file : the CSV file} {--dry : only show what would change}')
    assert.equal(spec.name, 'blog:import')
    assert.deepEqual(spec.arguments, [{ name: 'file', description: 'the CSV file', optional: false, variadic: false, default: undefined }])
    assert.deepEqual(spec.options, [
      { name: 'dry', short: undefined, description: 'only show what would change', takesValue: false, multiple: false, default: undefined },
    ])
  })

  it('reads optional, defaulted and variadic arguments', () => {
    const spec = parseSignature('mail:send {to} {subject?} {lang=en : the language} {files?* : attachments}')
    assert.deepEqual(
      spec.arguments.map(({ name, optional, variadic, default: value }) => ({ name, optional, variadic, value })),
      [
        { name: 'to', optional: false, variadic: false, value: undefined },
        { name: 'subject', optional: true, variadic: false, value: undefined },
        { name: 'lang', optional: true, variadic: false, value: 'en' },
        { name: 'files', optional: true, variadic: true, value: undefined },
      ],
    )
    assert.equal(spec.arguments[2]?.description, 'the language')
    assert.deepEqual(parseSignature('tag {names*}').arguments[0], {
      name: 'names',
      description: '',
      optional: false,
      variadic: true,
      default: undefined,
    })
  })

  it('reads flag, value, defaulted, array and short options', () => {
    const spec = parseSignature('work {--force} {--limit= : how many} {--queue=default} {--tag=* : repeatable} {--Q|quiet}')
    const options = Object.fromEntries(spec.options.map((o) => [o.name, o]))
    assert.deepEqual(
      [options.force?.takesValue, options.limit?.takesValue, options.queue?.default, options.tag?.multiple, options.quiet?.short],
      [false, true, 'default', true, 'Q'],
    )
    assert.equal(options.limit?.default, undefined)
    assert.equal(options.limit?.description, 'how many')
  })

  it('keeps " : " inside a description', () => {
    assert.equal(parseSignature('x {a : one : two}').arguments[0]?.description, 'one : two')
  })

  it('refuses malformed signatures with E_COMMAND_SIGNATURE', () => {
    throwsCode(() => parseSignature(''), 'E_COMMAND_SIGNATURE', /must start with a name/)
    throwsCode(() => parseSignature('{file}'), 'E_COMMAND_SIGNATURE')
    throwsCode(() => parseSignature('9lives'), 'E_COMMAND_SIGNATURE')
    throwsCode(() => parseSignature('x stray {a}'), 'E_COMMAND_SIGNATURE', /text outside/)
    throwsCode(() => parseSignature('x {a?} {b}'), 'E_COMMAND_SIGNATURE', /required "b" comes after an optional argument/)
    throwsCode(() => parseSignature('x {a*} {b?}'), 'E_COMMAND_SIGNATURE', /after the variadic argument "a"/)
    throwsCode(() => parseSignature('x {--bad option}'), 'E_COMMAND_SIGNATURE', /option/)
    throwsCode(() => parseSignature('x {1abc}'), 'E_COMMAND_SIGNATURE', /argument/)
  })

  it('prints a usage line', () => {
    assert.equal(
      usageLine(parseSignature('mail:send {to} {files*} {--dry} {--limit=}')),
      'mail:send <to> <files...> [--dry] [--limit <value>]',
    )
    assert.equal(usageLine(parseSignature('mail:send {to} {cc?} {lang=en}')), 'mail:send <to> [cc] [lang]')
  })
})

describe('parseInput', () => {
  const spec = parseSignature('mail:send {to} {lang=en} {files?*} {--dry} {--limit=} {--queue=default} {--tag=*} {--Q|quiet}')

  it('fills arguments in order, the variadic one taking the rest', () => {
    const { args } = parseInput(spec, ['ada@example.test', 'fr', 'a.pdf', 'b.pdf'])
    assert.deepEqual(args, { to: 'ada@example.test', lang: 'fr', files: ['a.pdf', 'b.pdf'] })
  })

  it('uses defaults for what is not given', () => {
    const { args, options } = parseInput(spec, ['ada@example.test'])
    assert.deepEqual(args, { to: 'ada@example.test', lang: 'en', files: [] })
    assert.deepEqual(options, { dry: false, limit: undefined, queue: 'default', tag: [], quiet: false })
  })

  it('reads flags, values (--x v and --x=v), repeated array options and short options, in any order', () => {
    const { args, options } = parseInput(spec, ['--dry', '--limit', '5', 'bo@example.test', '--queue=mail', '--tag', 'a', '--tag=b', '-Q'])
    assert.deepEqual(args, { to: 'bo@example.test', lang: 'en', files: [] })
    assert.deepEqual(options, { dry: true, limit: '5', queue: 'mail', tag: ['a', 'b'], quiet: true })
  })

  it('refuses a missing argument, an extra argument or an unknown option, with the usage', () => {
    const missing = throwsCode(() => parseInput(spec, []), 'E_COMMAND_USAGE', /mail:send: missing argument "to"/)
    assert.equal(missing.hint, `Usage: craft ${usageLine(spec)}`)
    throwsCode(() => parseInput(parseSignature('one {a}'), ['x', 'y']), 'E_COMMAND_USAGE', /unexpected argument "y"/)
    throwsCode(() => parseInput(spec, ['to', '--loud']), 'E_COMMAND_USAGE', /Unknown option '--loud'/)
    throwsCode(() => parseInput(spec, ['to', '--limit']), 'E_COMMAND_USAGE', /--limit/)
    throwsCode(() => parseInput(spec, ['to', '--dry=yes']), 'E_COMMAND_USAGE', /--dry/)
    throwsCode(() => parseInput(parseSignature('tag {names*}'), []), 'E_COMMAND_USAGE', /missing argument "names"/)
  })
})
