import type { Transporter } from 'nodemailer'
import { errorSummary } from '../errors.js'
import type { MailDriver } from './driver.js'
import { mailErrors } from './errors.js'
import { formatAddress, type SentMail, transportFields } from './message.js'

/** `mail.smtp` in `config/mail.ts`. */
export interface SmtpConfig {
  /** MAIL_HOST */
  host?: string
  /** MAIL_PORT: 587 by default, 465 when `secure`. */
  port?: number
  /** MAIL_SECURE: TLS from the first byte (port 465). Off, the connection is upgraded with STARTTLS when the server offers it. */
  secure?: boolean
  /** MAIL_USERNAME and MAIL_PASSWORD; no login when the username is empty. */
  username?: string
  password?: string
  /** Refuse to send when the server does not offer STARTTLS (with `secure` off). */
  requireTLS?: boolean
  /** Milliseconds to wait for the connection, the greeting and each answer (default 30 s). */
  timeout?: number
}

/**
 * Sends through an SMTP server with nodemailer, which is imported when the first message goes
 * out (applications that never send mail never load it). One connection per message.
 */
export class SmtpDriver implements MailDriver {
  readonly name = 'smtp'
  readonly #config: Required<Pick<SmtpConfig, 'host' | 'port' | 'secure'>> & SmtpConfig
  #transport?: Promise<Transporter>

  constructor(config: SmtpConfig) {
    if (!config.host) {
      throw mailErrors.E_MAIL_DRIVER('The smtp mail driver has no host (mail.smtp.host is empty)', {
        hint: 'Set MAIL_HOST (and MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD) in .env, or edit config/mail.ts.',
      })
    }
    const secure = config.secure ?? false
    this.#config = { ...config, host: config.host, secure, port: Number(config.port) || (secure ? 465 : 587) }
  }

  get address(): string {
    return `${this.#config.host}:${this.#config.port}`
  }

  async send(mail: SentMail): Promise<void> {
    let rejected: string[]
    try {
      const info = await (await this.#transporter()).sendMail(transportFields(mail))
      rejected = (info.rejected ?? []).map(String)
    } catch (error) {
      throw mailErrors.E_MAIL_SEND_FAILED(`Mail "${mail.subject}" was not sent through SMTP ${this.address}: ${errorSummary(error)}`, {
        cause: error,
        hint: 'Check MAIL_HOST, MAIL_PORT, MAIL_SECURE, MAIL_USERNAME and MAIL_PASSWORD (config/mail.ts).',
      })
    }
    if (rejected.length > 0) {
      throw mailErrors.E_MAIL_SEND_FAILED(
        `Mail "${mail.subject}": SMTP ${this.address} refused ${rejected.join(', ')} and accepted the other recipients of ${mail.to.map(formatAddress).join(', ')}`,
        { hint: 'Check the refused addresses; the message was delivered to the others, so do not simply send it again.' },
      )
    }
  }

  async close(): Promise<void> {
    const transport = this.#transport
    this.#transport = undefined
    if (transport) (await transport.catch(() => undefined))?.close()
  }

  #transporter(): Promise<Transporter> {
    this.#transport ??= import('nodemailer').then(({ createTransport }) => {
      const { host, port, secure, username, password, requireTLS, timeout = 30_000 } = this.#config
      return createTransport({
        host,
        port,
        secure,
        requireTLS,
        auth: username ? { user: username, pass: password ?? '' } : undefined,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      })
    })
    return this.#transport
  }
}
