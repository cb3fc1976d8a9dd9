import { randomBytes } from 'node:crypto'
import { join, relative } from 'node:path'
import { errorSummary } from '../errors.js'
import { writeFileAtomic } from '../support/fs.js'
import type { MailDriver } from './driver.js'
import { mailErrors } from './errors.js'
import { firstLink, formatAddress, type SentMail, transportFields } from './message.js'

/**
 * The development driver: writes each message as a `.eml` file (open it in any mail client)
 * under `storage/mail/`, and prints one line with its subject, recipient and first link, so a
 * password-reset link can be followed straight from the console. Refused in production, where
 * that line would print links that carry tokens.
 */
export class LogDriver implements MailDriver {
  readonly name = 'log'

  constructor(
    readonly folder: string,
    readonly root: string,
    readonly print: (line: string) => void = (line) => console.log(line),
  ) {}

  async send(mail: SentMail): Promise<void> {
    const file = join(this.folder, fileName(mail))
    try {
      await writeFileAtomic(file, await toMime(mail), { flush: false })
    } catch (error) {
      throw mailErrors.E_MAIL_SEND_FAILED(`Mail "${mail.subject}" could not be written to ${file}: ${errorSummary(error)}`, {
        cause: error,
        hint: 'Make storage/mail/ writable, or choose another driver with MAIL_DRIVER.',
      })
    }
    const link = firstLink(mail)
    const to = mail.to.map(formatAddress).join(', ')
    this.print(`mail "${mail.subject}" to ${to}${link ? ` ${link}` : ''} (${relative(this.root, file)})`)
  }
}

/** The message in MIME, Bcc kept so the file shows every recipient. nodemailer's composer is imported on the first message. */
async function toMime(mail: SentMail): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer')
  const node = new MailComposer(transportFields(mail)).compile()
  node.keepBcc = true
  return node.build()
}

/** `2026-12-01T06-53-37-123Z-reset-your-password-1a2b3c.eml`: sorts by time, says what it is, never collides. */
function fileName(mail: SentMail): string {
  const stamp = mail.date.toISOString().replaceAll(':', '-').replace('.', '-')
  const slug = mail.subject
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return `${stamp}-${slug ? `${slug}-` : ''}${randomBytes(3).toString('hex')}.eml`
}
