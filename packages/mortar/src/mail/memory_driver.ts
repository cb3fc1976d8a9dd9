import type { MailDriver } from './driver.js'
import type { SentMail } from './message.js'

/**
 * Keeps each message in a list instead of sending it: the driver of test apps, read by
 * `app.mail.sent()` in `mortar/testing`. Refused in production.
 */
export class MemoryDriver implements MailDriver {
  readonly name = 'memory'
  readonly messages: SentMail[] = []

  async send(mail: SentMail): Promise<void> {
    this.messages.push(mail)
  }
}
