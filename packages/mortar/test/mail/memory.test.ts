// The memory driver and the mortar/testing mail helpers, driven through a test app's routes: a
// mail rendered from a package view (and from the app's override of it), `app.mail.sent()`,
// `assertSent()` with an error that lists what was sent, `assertNothingSent()`; and the coded
// errors for messages that cannot be sent.
import { AssertionError } from 'node:assert'
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { isMortarError } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { writeFiles } from '../core/support.js'
import { createTempApp, removeTempApp } from '../support/temp_app.js'
import { MAIL_APP_FILES } from './support.js'

describe('mail: memory driver and mortar/testing', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'mail-memory' })
    writeFiles(root, MAIL_APP_FILES)
    app = await createTestApp({ root })
  })
  beforeEach(() => app.mail.clear())
  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('is the driver of a test app, and keeps what a route sent', async () => {
    assert.equal(app.app.mail.driverName, 'memory')
    app.mail.assertNothingSent()
    ;(await app.post('/api/password/forgot', { json: { email: 'ada@example.test' } })).assertStatus(202)
    const sent = app.mail.sent()
    assert.equal(sent.length, 1)
    const [mail] = sent
    assert.ok(mail)
    assert.deepEqual(mail.to, [{ address: 'ada@example.test' }])
    // mail.from of the app's config/mail.ts (MAIL_FROM_NAME, MAIL_FROM_ADDRESS).
    assert.deepEqual(mail.from, app.config('mail.from'))
    assert.ok(mail.from.address.includes('@'))
    assert.equal(mail.view, 'notify:emails.reset')
    assert.equal(mail.data?.name, 'Ada')
    assert.match(String(mail.html), /<a href="http:\/\/127\.0\.0\.1:8000\/password\/reset\/tok3n\?email=ada%40example\.test">/)
    assert.match(mail.text, /Choose a new password \(http:\/\/127\.0\.0\.1:8000\/password\/reset\/tok3n\?email=ada%40example\.test\)/)

    const found = app.mail.assertSent({ to: 'ADA@example.test', subject: 'Reset your password' })
    assert.equal(found, mail)
    app.mail.assertSent({ subject: /^Reset/, view: 'notify:emails.reset', from: mail.from.address })
  })

  it('says what was sent when assertSent() finds no match', async () => {
    ;(await app.post('/api/password/forgot', { json: { email: 'ada@example.test' } })).assertStatus(202)
    ;(await app.post('/api/welcome', { json: { email: 'bob@example.test' } })).assertOk()
    assert.throws(
      () => app.mail.assertSent({ to: 'carol@example.test', subject: 'Reset your password' }),
      (error) => {
        assert.ok(error instanceof AssertionError)
        assert.equal(
          error.message,
          [
            'Expected a mail with to "carol@example.test", subject "Reset your password"; sent (2):',
            '  - "Reset your password" to ada@example.test (view notify:emails.reset)',
            '  - "Welcome, Ada" to Ada Lovelace <bob@example.test> (view emails.welcome)',
          ].join('\n'),
        )
        return true
      },
    )
    assert.throws(() => app.mail.assertNothingSent(), /^AssertionError.*Expected no mail; sent \(2\):/)
    app.mail.assertSent({ to: 'bob@example.test', cc: 'team@example.test', bcc: 'audit@example.test' })
    app.mail.clear()
    assert.throws(() => app.mail.assertSent({ to: 'ada@example.test' }), {
      message: 'Expected a mail with to "ada@example.test"; no mail was sent',
    })
  })

  it("renders a package's mail view from the app's override in templates/vendor/<package>/", async () => {
    const other = createTempApp({ name: 'mail-override' })
    writeFiles(other, {
      ...MAIL_APP_FILES,
      'templates/vendor/notify/emails/reset.edge': '<p>Our own reset page: <a href="{{ url }}">go</a></p>\n',
    })
    const overridden = await createTestApp({ root: other })
    try {
      ;(await overridden.post('/api/password/forgot', { json: { email: 'ada@example.test' } })).assertStatus(202)
      const mail = overridden.mail.assertSent({ to: 'ada@example.test' })
      assert.match(
        String(mail.html),
        /^<p>Our own reset page: <a href="http:\/\/127\.0\.0\.1:8000\/password\/reset\/tok3n\?email=ada%40example\.test">go<\/a><\/p>/,
      )
      assert.equal(mail.text, 'Our own reset page: go (http://127.0.0.1:8000/password/reset/tok3n?email=ada%40example.test)')
      app.mail.assertNothingSent()
    } finally {
      await overridden.close()
      removeTempApp(other)
    }
  })

  it('refuses a message without recipient, subject, body or with a malformed address, with E_MAIL_INVALID', async () => {
    const send = (message: Record<string, unknown>) => app.app.mail.send(message as never)
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ subject: 'Hi', text: 'x' }, /no recipient \(to\)/],
      [{ to: [], subject: 'Hi', text: 'x' }, /no recipient \(to\)/],
      [{ to: 'ada@example.test', subject: '  ', text: 'x' }, /to ada@example\.test has no subject/],
      [{ to: 'ada@example.test', subject: 'Hi' }, /"Hi" has no body/],
      [
        { to: 'ada@example.test, bob@example.test', subject: 'Hi', text: 'x' },
        /to address "ada@example.test, bob@example.test" is not a valid email address/,
      ],
      [
        { to: { name: 'Ada\r\nBcc: all@example.test', address: 'ada@example.test' }, subject: 'Hi', text: 'x' },
        /to name .* contains a line break/,
      ],
      [{ to: 'ada@example.test', cc: 'not-an-address', subject: 'Hi', text: 'x' }, /cc address "not-an-address"/],
      [{ to: 'ada@example.test', from: 'nobody', subject: 'Hi', text: 'x' }, /from address "nobody"/],
    ]
    for (const [message, pattern] of cases) {
      await assert.rejects(send(message), (error) => {
        assert.ok(isMortarError(error), String(error))
        assert.equal(error.code, 'E_MAIL_INVALID')
        assert.match(error.message, /^Mail not sent: /)
        assert.match(error.message, pattern)
        return true
      })
    }
    app.mail.assertNothingSent()
  })

  it('puts a subject on one line and keeps a given text part as it is', async () => {
    const sent = await app.app.mail.send({ to: 'Ada <ada@example.test>', subject: 'Two\r\nlines', html: '<p>Hi</p>', text: 'Plain' })
    assert.equal(sent.subject, 'Two lines')
    assert.equal(sent.text, 'Plain')
    assert.deepEqual(app.mail.sent(), [sent])
    assert.deepEqual(sent.to, [{ name: 'Ada', address: 'ada@example.test' }])
  })

  it('makes the text part from HTML: blocks, line breaks, list items, links with their URL, entities decoded once', async () => {
    const html = [
      '<html><head><title>T</title><style>p { color: red }</style></head><body>',
      '<h1>Your   order</h1><!-- a comment -->',
      '<p>Tom &amp; Jerry&#39;s &lt;shop&gt;&nbsp;&#x2014; line one<br>line two</p>',
      '<ul><li>Cheese</li><li>Mouse <b>trap</b></li></ul>',
      '<p><a href="https://shop.test/orders/7?a=1&amp;b=2">See your order</a> or <a href="https://shop.test/">https://shop.test/</a></p>',
      '<p>Literal &amp;lt; stays escaped once</p>',
      '<script>alert(1)</script></body></html>',
    ].join('\n')
    const sent = await app.app.mail.send({ to: 'ada@example.test', subject: 'Order', html })
    assert.equal(
      sent.text,
      [
        'Your order',
        '',
        "Tom & Jerry's <shop> \u2014 line one",
        'line two',
        '',
        '- Cheese',
        '- Mouse trap',
        '',
        'See your order (https://shop.test/orders/7?a=1&b=2) or https://shop.test/',
        '',
        'Literal &lt; stays escaped once',
      ].join('\n'),
    )
  })

  it('app.mail in a test app whose driver is not memory is an error that says how to fix it', async () => {
    const smtp = await createTestApp({ root, config: { 'mail.driver': 'smtp', 'mail.smtp': { host: '127.0.0.1', port: 2 } } })
    try {
      assert.throws(() => smtp.mail.sent(), {
        code: 'E_MAIL_DRIVER',
        message: 'app.mail reads the memory mail driver, but this test app uses "smtp"',
      })
    } finally {
      await smtp.close()
    }
  })
})
