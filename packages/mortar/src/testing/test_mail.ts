import { AssertionError } from 'node:assert'
import type { Application } from '../app/application.js'
import { mailErrors } from '../mail/errors.js'
import { MemoryDriver } from '../mail/memory_driver.js'
import { formatAddress, type MailAddress, parseAddress, type SentMail } from '../mail/message.js'

/** What `assertSent()` looks for; every field given must match. */
export interface MailMatch {
  /** A recipient in To (the address, any case). */
  to?: string
  cc?: string
  bcc?: string
  from?: string
  /** The whole subject, or a pattern. */
  subject?: string | RegExp
  /** The view the HTML was rendered from. */
  view?: string
}

/**
 * The mail a test app sent, kept by the `memory` driver (every test app's driver unless its
 * config says otherwise): `app.mail.sent()`, `app.mail.assertSent({ to, subject })`.
 *
 * @example
 * ;(await app.post('/forgot-password', { form: { email: 'ada@example.com' } })).assertRedirect()
 * const reset = app.mail.assertSent({ to: 'ada@example.com', subject: 'Reset your password' })
 * const link = /https?:\/\/\S+/.exec(reset.text)?.[0]
 */
export class TestMail {
  constructor(readonly app: Application) {}

  /** The messages sent so far, oldest first. */
  sent(): SentMail[] {
    return [...this.#memory().messages]
  }

  /** Passes when a sent message matches every field given, and returns the latest such message. */
  assertSent(match: MailMatch): SentMail {
    const sent = this.sent()
    const found = sent.findLast((mail) => matches(mail, match))
    if (found) return found
    const listed = sent.length ? `sent (${sent.length}):\n${sent.map((mail) => `  - ${mailSummary(mail)}`).join('\n')}` : 'no mail was sent'
    throw new AssertionError({
      message: `Expected a mail ${describeMatch(match)}; ${listed}`,
      actual: sent.map(mailSummary),
      expected: match,
      operator: 'assertSent',
    })
  }

  /** Passes when no message was sent. */
  assertNothingSent(): void {
    const sent = this.sent()
    if (sent.length === 0) return
    throw new AssertionError({
      message: `Expected no mail; sent (${sent.length}):\n${sent.map((mail) => `  - ${mailSummary(mail)}`).join('\n')}`,
      actual: sent.map(mailSummary),
      expected: [],
      operator: 'assertNothingSent',
    })
  }

  /** Forgets the messages sent so far. */
  clear(): void {
    this.#memory().messages.length = 0
  }

  #memory(): MemoryDriver {
    const driver = this.app.mail.driver()
    if (driver instanceof MemoryDriver) return driver
    throw mailErrors.E_MAIL_DRIVER(`app.mail reads the memory mail driver, but this test app uses "${driver.name}"`, {
      hint: "Leave mail.driver to the test app (it defaults to memory), or pass config: { 'mail.driver': 'memory' }.",
    })
  }
}

function matches(mail: SentMail, match: MailMatch): boolean {
  const has = (list: MailAddress[], wanted: string | undefined) =>
    wanted === undefined || list.some((entry) => entry.address.toLowerCase() === parseAddress(wanted, 'match').address.toLowerCase())
  const subject =
    match.subject === undefined || (typeof match.subject === 'string' ? mail.subject === match.subject : match.subject.test(mail.subject))
  return (
    subject &&
    has(mail.to, match.to) &&
    has(mail.cc, match.cc) &&
    has(mail.bcc, match.bcc) &&
    has([mail.from], match.from) &&
    (match.view === undefined || mail.view === match.view)
  )
}

function mailSummary(mail: SentMail): string {
  return `"${mail.subject}" to ${mail.to.map(formatAddress).join(', ')}${mail.view ? ` (view ${mail.view})` : ''}`
}

function describeMatch(match: MailMatch): string {
  const parts = Object.entries(match).map(([key, value]) => `${key} ${value instanceof RegExp ? String(value) : JSON.stringify(value)}`)
  return parts.length ? `with ${parts.join(', ')}` : '(any)'
}
