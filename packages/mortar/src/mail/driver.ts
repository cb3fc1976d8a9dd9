import type { SentMail } from './message.js'

/** The driver names `config/mail.ts` (`MAIL_DRIVER`) can choose. */
export type MailDriverName = 'log' | 'smtp' | 'memory'

/** Delivers composed messages somewhere: a file and the console, an SMTP server, a list in memory. */
export interface MailDriver {
  readonly name: MailDriverName
  /** Delivers one message; rejects with a `MortarError` when it cannot. */
  send(mail: SentMail): Promise<void>
  /** Lets go of connections; called when the application shuts down. */
  close?(): Promise<void>
}
