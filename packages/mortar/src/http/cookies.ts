import type { Encrypter } from '../security/encryption.js'
import type { HttpContext } from './context.js'
import { httpErrors } from './errors.js'

/** How `ctx.cookies.set()` writes a cookie. */
export interface CookieOptions {
  /** Encrypt the value with the app key (default true): unreadable and unchangeable by the browser. */
  encrypted?: boolean
  /** Sign the value instead: readable by the browser, but any change makes it read as undefined. */
  signed?: boolean
  /** Hidden from scripts (default true). */
  httpOnly?: boolean
  /** Default `Lax`. `None` needs `secure`. */
  sameSite?: 'Lax' | 'Strict' | 'None'
  /** Sent over HTTPS only (default: in production). */
  secure?: boolean
  /** Seconds until it expires; without `maxAge` or `expires` it lasts until the browser closes. */
  maxAge?: number
  expires?: Date
  /** Default `/`. */
  path?: string
  domain?: string
  /** CHIPS: kept per top-level site. */
  partitioned?: boolean
}

/** How `ctx.cookies.get()` reads a cookie: as it was written (encrypted by default). */
export interface CookieReadOptions {
  encrypted?: boolean
  signed?: boolean
}

/** What a cookie jar needs of the application: its app key, and whether it runs in production (cookies then default to `secure`). */
export interface CookieKeys {
  readonly encrypter: Pick<Encrypter, 'encrypt' | 'decrypt' | 'sign' | 'unsign'>
  readonly isProduction: boolean
}

/** What browsers keep of one cookie (name, value and attributes). */
export const COOKIE_MAX_BYTES = 4096

/**
 * The cookies of one request, and those the answer sets. Values are encrypted with the app key
 * unless told otherwise, bound to the cookie's name: a changed, foreign or swapped cookie reads as
 * `undefined`. Reach it as `ctx.cookies`.
 *
 * @example
 * ctx.cookies.set('theme', { dark: true }, { maxAge: 60 * 60 * 24 * 365 })
 * ctx.cookies.get<{ dark: boolean }>('theme')          // { dark: true } on later requests
 * ctx.cookies.set('lang', 'fr', { encrypted: false }) // a plain cookie scripts may read
 * ctx.cookies.delete('theme')
 */
export class CookieJar {
  #incoming?: Map<string, string>
  readonly #outgoing = new Map<string, string>()

  constructor(
    readonly app: CookieKeys,
    readonly header: string | undefined,
  ) {}

  /** The raw value the request sent (URL-decoded), without decrypting or checking it. */
  raw(name: string): string | undefined {
    this.#incoming ??= parseCookieHeader(this.header)
    return this.#incoming.get(name)
  }

  /** A cookie's value, decrypted (or verified with `{ signed: true }`, or plain with `{ encrypted: false }`). */
  get<T = string>(name: string, options: CookieReadOptions = {}): T | undefined {
    const raw = this.raw(name)
    if (raw === undefined) return undefined
    if (options.signed) return this.app.encrypter.unsign<T>(raw, purposeOf(name))
    if (options.encrypted === false) return raw as T
    return this.app.encrypter.decrypt<T>(raw, purposeOf(name))
  }

  /** Whether the request sent the cookie (whatever its value). */
  has(name: string): boolean {
    return this.raw(name) !== undefined
  }

  /** Sets a cookie on the answer; a later `set` of the same name (path and domain) replaces it. */
  set(name: string, value: unknown, options: CookieOptions = {}): this {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      throw httpErrors.E_COOKIE_NAME(name)
    }
    let text: string
    if (options.signed) text = this.app.encrypter.sign(value, purposeOf(name))
    else if (options.encrypted === false) text = encodeURIComponent(String(value))
    else text = this.app.encrypter.encrypt(value, purposeOf(name))
    const line = serializeCookie(name, text, { ...options, secure: options.secure ?? this.app.isProduction })
    if (Buffer.byteLength(line) > COOKIE_MAX_BYTES) {
      throw httpErrors.E_COOKIE_TOO_LARGE(
        `Cookie "${name}" would be ${Buffer.byteLength(line)} bytes; browsers keep at most ${COOKIE_MAX_BYTES}`,
        {
          hint: 'Store less in it, or keep the data on the server (the database or redis session driver).',
        },
      )
    }
    this.#outgoing.set(`${name};${options.path ?? '/'};${options.domain ?? ''}`, line)
    return this
  }

  /** Tells the browser to drop a cookie (give the path and domain it was set with). */
  delete(name: string, options: Pick<CookieOptions, 'path' | 'domain'> = {}): this {
    const line = serializeCookie(name, '', { ...options, maxAge: 0, expires: new Date(0), secure: this.app.isProduction })
    this.#outgoing.set(`${name};${options.path ?? '/'};${options.domain ?? ''}`, line)
    return this
  }

  /** The `Set-Cookie` lines the answer carries. */
  queued(): string[] {
    return [...this.#outgoing.values()]
  }
}

const jars = new WeakMap<HttpContext, CookieJar>()

/** The request's cookie jar, made on first use. */
export function cookieJar(ctx: HttpContext): CookieJar {
  let jar = jars.get(ctx)
  if (!jar) {
    jar = new CookieJar(ctx.app, ctx.header('cookie'))
    jars.set(ctx, jar)
  }
  return jar
}

/** `response` with the cookies the request's jar set (a response whose headers are frozen is copied). */
export function withQueuedCookies(ctx: HttpContext, response: Response): Response {
  const lines = jars.get(ctx)?.queued()
  if (!lines?.length) return response
  let target = response
  try {
    target.headers.append('set-cookie', lines[0] as string)
  } catch {
    target = new Response(response.body, response)
    target.headers.append('set-cookie', lines[0] as string)
  }
  for (const line of lines.slice(1)) target.headers.append('set-cookie', line)
  return target
}

function purposeOf(name: string): string {
  return `cookie:${name}`
}

/** `a=1; b=2` → Map; the first of a repeated name wins (the most specific path, as browsers send it). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  if (!header) return cookies
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index <= 0) continue
    const name = part.slice(0, index).trim()
    if (cookies.has(name)) continue
    let value = part.slice(index + 1).trim()
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    try {
      cookies.set(name, decodeURIComponent(value))
    } catch {
      cookies.set(name, value)
    }
  }
  return cookies
}

/** One `Set-Cookie` line: HttpOnly and SameSite=Lax unless told otherwise. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${options.path ?? '/'}`]
  if (options.domain) parts.push(`Domain=${options.domain}`)
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAge)}`)
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`)
  if (options.httpOnly !== false) parts.push('HttpOnly')
  if (options.secure) parts.push('Secure')
  parts.push(`SameSite=${options.sameSite ?? 'Lax'}`)
  if (options.partitioned) parts.push('Partitioned')
  return parts.join('; ')
}
