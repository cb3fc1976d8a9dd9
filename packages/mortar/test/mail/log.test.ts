// The log driver, through the real `craft` in its own process: a command sends a mail rendered
// from a package view; the message is saved as a valid .eml under storage/mail/ and one line
// names its subject, recipient and first link. In production `log` and `memory` are refused with
// one coded line, and nothing is written.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { simpleParser } from 'mailparser'
import { assertOneLineError, writeFiles } from '../core/support.js'
import { craft, createTempApp, removeTempApp } from '../support/temp_app.js'
import { addresses, MAIL_APP_FILES } from './support.js'

describe('mail: log driver', () => {
  let root: string
  const mailFolder = () => join(root, 'storage', 'mail')
  const emlFiles = () => {
    try {
      return readdirSync(mailFolder())
    } catch {
      return []
    }
  }

  before(() => {
    root = createTempApp({ name: 'mail-log' })
    writeFiles(root, MAIL_APP_FILES)
  })

  after(() => removeTempApp(root))

  it('is the default of a new app: it saves a valid .eml and prints one line with the subject, recipient and first link', async () => {
    const env = { APP_ENV: 'development', MAIL_DRIVER: '', MAIL_FROM_ADDRESS: 'crew@mail.test', MAIL_FROM_NAME: 'The Crew' }
    const run = craft(root, ['mail:reset', 'ada@example.test'], { env })
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr, '')
    const files = emlFiles()
    assert.equal(files.length, 1, `one file in storage/mail: ${files.join(', ')}`)
    const [file] = files as [string]
    assert.match(file, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-reset-your-password-[0-9a-f]{6}\.eml$/)

    const lines = run.stdout.split('\n').filter((line) => line.trim() !== '')
    const mailLines = lines.filter((line) => line.startsWith('mail '))
    assert.deepEqual(mailLines, [
      `mail "Reset your password" to ada@example.test http://127.0.0.1:8000/password/reset/tok3n (${join('storage', 'mail', file)})`,
    ])
    assert.equal(lines.length, 2, `the mail line and the command's own output:\n${run.stdout}`)

    const raw = readFileSync(join(mailFolder(), file))
    const parsed = await simpleParser(raw)
    assert.equal(parsed.subject, 'Reset your password')
    assert.deepEqual(addresses(parsed.to), ['ada@example.test'])
    assert.deepEqual(parsed.from?.value, [{ name: 'The Crew', address: 'crew@mail.test' }])
    assert.match(String(parsed.messageId), /^<[0-9a-f-]{36}@mail\.test>$/)
    assert.ok(parsed.date instanceof Date)
    assert.ok(String(parsed.html).includes('<a href="http://127.0.0.1:8000/password/reset/tok3n">Choose a new password</a>'))
    assert.match(String(parsed.text), /Choose a new password \(http:\/\/127\.0\.0\.1:8000\/password\/reset\/tok3n\)/)
    assert.match(raw.toString('utf8'), /^MIME-Version: 1\.0\r$/m)
    assert.match(raw.toString('utf8'), /^Content-Type: multipart\/alternative;/m)
  })

  it('loads nodemailer only when a message is sent, never to boot the app', () => {
    // A module hook that notes every specifier naming nodemailer that the craft process resolves.
    const log = join(root, 'storage', 'nodemailer-imports.log')
    const hook = join(root, 'storage', 'note-nodemailer.mjs')
    const resolveHook = `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  if (specifier.includes('nodemailer')) appendFileSync(${JSON.stringify(log)}, specifier + '\\n')
  return next(specifier, context)
}`
    writeFileSync(
      hook,
      `import { register } from 'node:module'\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(resolveHook)}`)})\n`,
    )
    writeFileSync(log, '')
    const env = { NODE_OPTIONS: `--import=${hook}`, APP_ENV: 'development', MAIL_DRIVER: 'log' }
    assert.equal(craft(root, ['routes:list'], { env }).code, 0)
    assert.equal(readFileSync(log, 'utf8'), '', 'booting the app loads no nodemailer module')
    assert.equal(craft(root, ['mail:reset', 'ada@example.test'], { env }).code, 0)
    assert.equal(readFileSync(log, 'utf8'), 'nodemailer/lib/mail-composer\n', 'the log driver loads only the composer')
  })

  it('is refused in production with one coded line, and writes nothing', () => {
    const before = emlFiles()
    const run = craft(root, ['mail:reset', 'ada@example.test'], { env: { APP_ENV: 'production', MAIL_DRIVER: 'log' } })
    assertOneLineError(run, 'The log mail driver is refused in production: it prints links that carry tokens', 'MAIL_DRIVER=smtp')
    assert.doesNotMatch(run.stdout, /tok3n/)
    assert.deepEqual(emlFiles(), before)
  })

  it('refuses the memory driver in production too', () => {
    const run = craft(root, ['mail:reset', 'ada@example.test'], { env: { APP_ENV: 'production', MAIL_DRIVER: 'memory' } })
    assertOneLineError(run, 'The memory mail driver is refused in production', 'MAIL_DRIVER=smtp')
  })
})
