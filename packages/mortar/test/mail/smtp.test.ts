// The smtp driver against a real SMTP server (smtp-server on a free 127.0.0.1 port): what the
// server receives (envelope, headers, subject, HTML and text parts), login from config, and the
// coded errors for a refused login, an unreachable server and a refused recipient.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { isMortarError } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { writeFiles } from '../core/support.js'
import { createTempApp, freePort, removeTempApp } from '../support/temp_app.js'
import { addresses, MAIL_APP_FILES, type SmtpServer, startSmtpServer } from './support.js'

describe('mail: smtp driver', () => {
  let root: string
  let server: SmtpServer
  let app: TestApp
  const smtp = (overrides: Record<string, unknown> = {}) => ({
    'mail.driver': 'smtp',
    'mail.smtp': {
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      username: 'mortar',
      password: 'secret',
      timeout: 10_000,
      ...overrides,
    },
  })

  before(async () => {
    root = createTempApp({ name: 'mail-smtp' })
    writeFiles(root, MAIL_APP_FILES)
    server = await startSmtpServer()
    app = await createTestApp({ root, config: smtp() })
  })

  after(async () => {
    await app?.close()
    await server?.stop()
    removeTempApp(root)
  })

  it('delivers a message rendered from a package view, with its HTML and a text part made from it', async () => {
    const response = (await app.post('/api/password/forgot', { json: { email: 'ada@example.test' } })).assertStatus(202)
    assert.equal(server.received.length, 1)
    const [message] = server.received
    assert.ok(message)
    assert.equal(message.user, 'mortar', 'logged in with mail.smtp.username and password')
    const from = app.config<string>('mail.from.address')
    assert.equal(message.from, from, 'the envelope sender is mail.from')
    assert.deepEqual(message.to, ['ada@example.test'])

    const { parsed } = message
    assert.equal(parsed.subject, 'Reset your password')
    assert.equal(parsed.messageId, response.json<{ messageId: string }>().messageId)
    assert.deepEqual(addresses(parsed.to), ['ada@example.test'])
    assert.equal(parsed.from?.value[0]?.address, from)
    assert.ok(parsed.date instanceof Date)
    assert.equal((parsed.headers.get('content-type') as { value: string }).value, 'multipart/alternative')
    assert.match(message.raw, /^MIME-Version: 1\.0$/m)

    const link = 'http://127.0.0.1:8000/password/reset/tok3n?email=ada%40example.test'
    assert.match(String(parsed.html), /<h1>Reset your password, Ada<\/h1>/)
    assert.ok(String(parsed.html).includes(`<a href="${link}">Choose a new password</a>`))
    assert.equal(
      parsed.text?.trim(),
      [
        'Reset your password, Ada',
        '',
        'Someone asked to reset the password of ada@example.test & this link does it:',
        '',
        `Choose a new password (${link})`,
        '',
        'It works once.',
      ].join('\n'),
    )
  })

  it('sends cc, bcc (envelope only), reply-to and a given from and text as they are', async () => {
    ;(await app.post('/api/welcome', { json: { email: 'ada@example.test' } })).assertOk()
    const message = server.received.at(-1)
    assert.ok(message)
    assert.equal(message.from, 'crew@example.test')
    assert.deepEqual(message.to.sort(), ['ada@example.test', 'audit@example.test', 'team@example.test'])
    const { parsed } = message
    assert.equal(parsed.subject, 'Welcome, Ada')
    assert.deepEqual(parsed.from?.value, [{ name: 'Mortar Crew', address: 'crew@example.test' }])
    assert.deepEqual((Array.isArray(parsed.to) ? parsed.to[0] : parsed.to)?.value, [{ name: 'Ada Lovelace', address: 'ada@example.test' }])
    assert.deepEqual(addresses(parsed.cc), ['team@example.test'])
    assert.equal(parsed.bcc, undefined, 'Bcc is not written into the message')
    assert.doesNotMatch(message.raw, /audit@example\.test/)
    assert.deepEqual(addresses(parsed.replyTo), ['help@example.test'])
    assert.equal(parsed.text?.trim(), 'Welcome aboard, Ada! Start at https://example.test/start')
    assert.match(String(parsed.html), /Welcome aboard, Ada!/)
  })

  it('fails with E_MAIL_SEND_FAILED when the server refuses the login, naming the server and not the password', async () => {
    const wrong = await createTestApp({ root, config: smtp({ password: 'not-the-password' }) })
    try {
      const count = server.received.length
      await assert.rejects(wrong.app.mail.send({ to: 'ada@example.test', subject: 'Hi', text: 'Hello' }), (error) => {
        assert.ok(isMortarError(error))
        assert.equal(error.code, 'E_MAIL_SEND_FAILED')
        assert.match(
          error.message,
          new RegExp(`^Mail "Hi" was not sent through SMTP 127\\.0\\.0\\.1:${server.port}: .*Invalid username or password`),
        )
        assert.doesNotMatch(`${error.message} ${error.hint}`, /not-the-password/)
        assert.match(String(error.hint), /MAIL_USERNAME and MAIL_PASSWORD/)
        return true
      })
      assert.equal(server.received.length, count)
    } finally {
      await wrong.close()
    }
  })

  it('fails with E_MAIL_SEND_FAILED when nothing listens on the port', async () => {
    const port = await freePort()
    const nowhere = await createTestApp({ root, config: smtp({ port }) })
    try {
      await assert.rejects(nowhere.app.mail.send({ to: 'ada@example.test', subject: 'Hi', text: 'Hello' }), (error) => {
        assert.ok(isMortarError(error))
        assert.equal(error.code, 'E_MAIL_SEND_FAILED')
        assert.match(error.message, new RegExp(`SMTP 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`))
        return true
      })
    } finally {
      await nowhere.close()
    }
  })

  it('fails when the server refuses a recipient, saying the others got the message', async () => {
    const count = server.received.length
    await assert.rejects(
      app.app.mail.send({ to: ['ada@example.test', 'ghost@refused.test'], subject: 'Hi both', text: 'Hello' }),
      (error) => {
        assert.ok(isMortarError(error))
        assert.equal(error.code, 'E_MAIL_SEND_FAILED')
        assert.match(error.message, /refused ghost@refused\.test and accepted the other recipients/)
        return true
      },
    )
    assert.equal(server.received.length, count + 1)
    assert.deepEqual(server.received.at(-1)?.to, ['ada@example.test'])
  })

  it('refuses a driver it does not know, with the names it knows', async () => {
    const odd = await createTestApp({ root, config: { 'mail.driver': 'carrier-pigeon' } })
    try {
      await assert.rejects(odd.app.mail.send({ to: 'ada@example.test', subject: 'Hi', text: 'Hello' }), {
        code: 'E_MAIL_DRIVER',
        message: 'Unknown mail driver "carrier-pigeon" (mail.driver, MAIL_DRIVER)',
        hint: 'Use one of: log, smtp, memory.',
      })
    } finally {
      await odd.close()
    }
  })
})
