import { currentApp } from '../app/current.js'
import type { MailMessage, SentMail } from './message.js'

export type { MailDriver, MailDriverName } from './driver.js'
export { htmlToText } from './html_to_text.js'
export { type MailConfig, Mailer } from './mailer.js'
export { MemoryDriver } from './memory_driver.js'
export type { MailAddress, MailMessage, Recipients, SentMail } from './message.js'
export type { SmtpConfig } from './smtp_driver.js'

/**
 * Sends mail through the current application's mailer (`app.mail`), with the driver that
 * `config/mail.ts` chooses by `MAIL_DRIVER`: `log` in development, `smtp` in production,
 * `memory` in tests.
 *
 * @example
 * import { mail } from 'mortar'
 * await mail.send({ to: 'ada@example.com', subject: 'Welcome', view: 'emails.welcome', data: { name: 'Ada' } })
 * await mail.send({ to: 'ada@example.com', subject: 'Ping', text: 'Still there?' })
 */
export const mail = {
  send(message: MailMessage): Promise<SentMail> {
    return currentApp().mail.send(message)
  },
}
