import { randomUUID } from 'node:crypto'
import type { MortarError } from '../errors.js'
import { mailErrors } from './errors.js'

/** An email address with an optional display name. */
export interface MailAddress {
  name?: string
  address: string
}

/** One or several recipients: `'ada@example.com'`, `'Ada <ada@example.com>'`, `{ name, address }`, or a list of them. */
export type Recipients = string | MailAddress | ReadonlyArray<string | MailAddress>

/**
 * What `mail.send()` takes. Give the body as `html` and/or `text`, or as a `view` rendered with
 * `data`; without `text`, the text part is made from the HTML.
 */
export interface MailMessage {
  to: Recipients
  subject: string
  html?: string
  text?: string
  /** A view rendered to the HTML part: `'emails.welcome'` from templates/, `'auth:emails.reset'` from a package. */
  view?: string
  /** The view's data. */
  data?: Record<string, unknown>
  /** Defaults to `config('mail.from')`. */
  from?: string | MailAddress
  cc?: Recipients
  bcc?: Recipients
  replyTo?: Recipients
}

/**
 * A message as the drivers receive it and `send()` resolves to: addresses parsed, the view
 * rendered, the text part filled in, a Message-ID and date given.
 */
export interface SentMail {
  messageId: string
  date: Date
  from: MailAddress
  to: MailAddress[]
  cc: MailAddress[]
  bcc: MailAddress[]
  replyTo: MailAddress[]
  subject: string
  /** The HTML part, when there is one. */
  html?: string
  text: string
  /** The view the HTML came from, and its data. */
  view?: string
  data?: Record<string, unknown>
}

// Deliberately plain: one @, no spaces, brackets, quotes or separators. Anything stranger (a
// quoted local part, a comment) is refused rather than guessed at.
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/
const NAMED = /^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$/

/** Parses one address: `ada@example.com`, `Ada <ada@example.com>` or `{ name, address }`. */
export function parseAddress(value: string | MailAddress, field: string): MailAddress {
  const raw = typeof value === 'string' ? value : value?.address
  if (typeof raw !== 'string') throw invalid(`${field} is not an address: ${JSON.stringify(value)}`)
  const named = typeof value === 'string' ? NAMED.exec(value) : null
  const address = (named ? (named[2] as string) : raw).trim()
  const name = typeof value === 'string' ? named?.[1]?.trim() : value.name?.trim()
  if (!ADDRESS.test(address)) {
    throw invalid(
      `${field} address ${JSON.stringify(address)} is not a valid email address`,
      'Give one address per entry; list several as an array.',
    )
  }
  // A line break in a header value would let it start a header of its own.
  if (name !== undefined && /[\r\n]/.test(name)) throw invalid(`${field} name ${JSON.stringify(name)} contains a line break`)
  return name ? { name, address } : { address }
}

/** Parses one or several recipients into a list (empty when `value` is undefined). */
export function parseRecipients(value: Recipients | undefined, field: string): MailAddress[] {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : [value as string | MailAddress]
  return list.map((entry) => parseAddress(entry, field))
}

/** `Ada <ada@example.com>`, or the bare address. */
export function formatAddress(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address
}

/** A Message-ID on the sender's domain: `<uuid@example.com>`. */
export function newMessageId(from: MailAddress): string {
  return `<${randomUUID()}@${from.address.split('@')[1]}>`
}

/** The first absolute http(s) link of a message: an `href` of its HTML, else a URL in its text. */
export function firstLink(mail: Pick<SentMail, 'html' | 'text'>): string | undefined {
  const href = mail.html ? /<a\s[^>]*?href\s*=\s*["'](https?:\/\/[^"']+)["']/i.exec(mail.html)?.[1] : undefined
  if (href) return href.replaceAll('&amp;', '&')
  return /https?:\/\/[^\s<>"')]+/.exec(mail.text)?.[0]
}

/**
 * The fields a mail transport takes (nodemailer's message options), shared by the drivers that
 * write the message out in MIME: `log` and `smtp`.
 */
export function transportFields(mail: SentMail) {
  const list = (addresses: MailAddress[]) =>
    addresses.length ? addresses.map((a) => ({ name: a.name ?? '', address: a.address })) : undefined
  return {
    messageId: mail.messageId,
    date: mail.date,
    from: { name: mail.from.name ?? '', address: mail.from.address },
    to: list(mail.to),
    cc: list(mail.cc),
    bcc: list(mail.bcc),
    replyTo: list(mail.replyTo),
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
  }
}

export function invalid(message: string, hint?: string): MortarError {
  return mailErrors.E_MAIL_INVALID(message, hint)
}
