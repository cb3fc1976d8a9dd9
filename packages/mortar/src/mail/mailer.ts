import { join } from 'node:path'
import type { Application } from '../app/application.js'
import type { MailDriver, MailDriverName } from './driver.js'
import { mailErrors } from './errors.js'
import { htmlToText } from './html_to_text.js'
import { LogDriver } from './log_driver.js'
import { MemoryDriver } from './memory_driver.js'
import { invalid, type MailAddress, type MailMessage, newMessageId, parseAddress, parseRecipients, type SentMail } from './message.js'
import { type SmtpConfig, SmtpDriver } from './smtp_driver.js'

/** `config/mail.ts`. */
export interface MailConfig {
  /** MAIL_DRIVER: `log` (the default; `memory` in the test environment), `smtp` or `memory`. */
  driver?: MailDriverName | (string & {})
  /** The sender when a message names none: `'App <hello@example.com>'` or `{ name, address }`. */
  from?: string | MailAddress
  smtp?: SmtpConfig
}

const DRIVERS: readonly MailDriverName[] = ['log', 'smtp', 'memory']

/**
 * The application's mailer, `app.mail`: composes a message (its view rendered through the app's
 * views, its text part made from the HTML when not given) and hands it to the driver
 * `config/mail.ts` chooses. The driver is made on the first message, so an application that
 * sends none never reads the mail config or loads a mail library.
 *
 * @example
 * await app.mail.send({ to: user.email, subject: 'Reset your password', view: 'auth:emails.reset', data: { url } })
 */
export class Mailer {
  #driver?: MailDriver

  constructor(readonly app: Application) {}

  /** The driver's name as configured, before any message is sent. */
  get driverName(): MailDriverName {
    return this.#configuredDriver()
  }

  /**
   * Sends a message and resolves to it as it was sent. Rejects with `E_MAIL_INVALID` for a
   * message without recipient, subject or body, `E_MAIL_DRIVER` for a driver that is unknown or
   * not allowed here (`log` and `memory` in production), `E_MAIL_SEND_FAILED` when delivery fails.
   */
  async send(message: MailMessage): Promise<SentMail> {
    const driver = this.driver()
    const mail = await this.compose(message)
    await driver.send(mail)
    return mail
  }

  /** Builds the message as it will be sent, without sending it. */
  async compose(message: MailMessage): Promise<SentMail> {
    if (!message || typeof message !== 'object') throw invalid('mail.send() takes an object: { to, subject, html | text | view }')
    const to = parseRecipients(message.to, 'to')
    if (to.length === 0) throw invalid('the message has no recipient (to)')
    const subject = typeof message.subject === 'string' ? message.subject.replace(/\s+/g, ' ').trim() : ''
    if (!subject) throw invalid(`the message to ${to[0]?.address} has no subject`)
    const configured = this.app.config.get<MailConfig['from']>('mail.from')
    const sender = message.from ?? configured
    if (!sender) {
      throw invalid(`"${subject}" has no sender`, 'Pass from, or set MAIL_FROM_ADDRESS (mail.from in config/mail.ts).')
    }
    const from = parseAddress(sender, message.from ? 'from' : 'mail.from')
    const html = message.view ? await this.app.views.render(message.view, message.data ?? {}) : message.html
    const text = message.text ?? (html ? htmlToText(html) : undefined)
    if (!text && !html) throw invalid(`"${subject}" has no body`, 'Give html, text or a view.')
    return {
      messageId: newMessageId(from),
      date: new Date(),
      from,
      to,
      cc: parseRecipients(message.cc, 'cc'),
      bcc: parseRecipients(message.bcc, 'bcc'),
      replyTo: parseRecipients(message.replyTo, 'replyTo'),
      subject,
      ...(html === undefined ? {} : { html }),
      text: text ?? '',
      ...(message.view ? { view: message.view, data: message.data ?? {} } : {}),
    }
  }

  /** The driver, made from `config/mail.ts` on first use. */
  driver(): MailDriver {
    this.#driver ??= this.#makeDriver()
    return this.#driver
  }

  /** Closes the driver's connections; done when the application shuts down. */
  async close(): Promise<void> {
    const driver = this.#driver
    this.#driver = undefined
    await driver?.close?.()
  }

  #configuredDriver(): MailDriverName {
    const name = this.app.config.get<string | undefined>('mail.driver') || (this.app.isTesting ? 'memory' : 'log')
    if (!DRIVERS.includes(name as MailDriverName)) {
      throw mailErrors.E_MAIL_DRIVER(`Unknown mail driver "${name}" (mail.driver, MAIL_DRIVER)`, {
        hint: `Use one of: ${DRIVERS.join(', ')}.`,
      })
    }
    return name as MailDriverName
  }

  #makeDriver(): MailDriver {
    const name = this.#configuredDriver()
    if (this.app.isProduction && name !== 'smtp') {
      const why =
        name === 'log' ? 'it prints links that carry tokens and keeps mail on disk' : 'it keeps mail in memory and delivers nothing'
      throw mailErrors.E_MAIL_DRIVER(`The ${name} mail driver is refused in production: ${why}`, {
        hint: 'Set MAIL_DRIVER=smtp with MAIL_HOST, MAIL_PORT, MAIL_USERNAME and MAIL_PASSWORD.',
      })
    }
    if (name === 'memory') return new MemoryDriver()
    if (name === 'log') return new LogDriver(join(this.app.storagePath, 'mail'), this.app.root)
    return new SmtpDriver(this.app.config.get<SmtpConfig>('mail.smtp', {}))
  }
}
