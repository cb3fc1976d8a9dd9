import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { currentApp } from '../app/current.js'
import type { AppKeys } from './app_key.js'

const IV_BYTES = 12
const TAG_BYTES = 16
const DEFAULT_PURPOSE = 'mortar'

/**
 * Encrypts and signs values with the app key (AES-256-GCM, one key derived per purpose with
 * HKDF-SHA256). Previous keys still decrypt and verify, so a key can be rotated.
 * Use the `encrypt()` / `decrypt()` helpers; this is what they call (`app.encrypter`).
 *
 * @example
 * const link = app.encrypter.sign({ userId: 7 }, 'unsubscribe')   // readable, not changeable
 * app.encrypter.unsign<{ userId: number }>(link, 'unsubscribe')    // { userId: 7 }, or undefined if changed
 */
export class Encrypter {
  readonly #derived = new Map<string, Buffer[]>()

  constructor(readonly keys: AppKeys) {}

  /** A URL-safe token holding `value` (anything JSON can hold), readable only with `purpose`. */
  encrypt(value: unknown, purpose = DEFAULT_PURPOSE): string {
    const key = this.#keysFor('enc', purpose)[0] as Buffer
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(purpose))
    const body = Buffer.concat([cipher.update(JSON.stringify(value) ?? 'null', 'utf8'), cipher.final()])
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')
  }

  /** The value in `token`, or undefined when it was changed, made with another key or another purpose. */
  decrypt<T = unknown>(token: unknown, purpose = DEFAULT_PURPOSE): T | undefined {
    if (typeof token !== 'string' || token.length === 0) return undefined
    const raw = Buffer.from(token, 'base64url')
    if (raw.length < IV_BYTES + TAG_BYTES) return undefined
    const iv = raw.subarray(0, IV_BYTES)
    const tag = raw.subarray(raw.length - TAG_BYTES)
    const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES)
    for (const key of this.#keysFor('enc', purpose)) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv)
        decipher.setAAD(Buffer.from(purpose))
        decipher.setAuthTag(tag)
        const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
        return JSON.parse(text) as T
      } catch {
        // Another key may have made it; undefined when none did.
      }
    }
    return undefined
  }

  /** `value` readable by anyone but changeable by no one: `<base64url JSON>.<HMAC>`. */
  sign(value: unknown, purpose = DEFAULT_PURPOSE): string {
    const payload = Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')
    return `${payload}.${this.#mac(this.#keysFor('sig', purpose)[0] as Buffer, payload)}`
  }

  /** The value of a `sign()`ed token, or undefined when it was changed or signed for another purpose. */
  unsign<T = unknown>(token: unknown, purpose = DEFAULT_PURPOSE): T | undefined {
    if (typeof token !== 'string') return undefined
    const dot = token.lastIndexOf('.')
    if (dot <= 0) return undefined
    const payload = token.slice(0, dot)
    const given = Buffer.from(token.slice(dot + 1))
    for (const key of this.#keysFor('sig', purpose)) {
      const expected = Buffer.from(this.#mac(key, payload))
      if (expected.length === given.length && timingSafeEqual(expected, given)) {
        try {
          return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T
        } catch {
          return undefined
        }
      }
    }
    return undefined
  }

  #mac(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest('base64url')
  }

  /** The current and previous keys derived for one use and purpose, made once each. */
  #keysFor(use: 'enc' | 'sig', purpose: string): Buffer[] {
    const id = `${use}\u0000${purpose}`
    let keys = this.#derived.get(id)
    if (!keys) {
      keys = [this.keys.current, ...this.keys.previous].map((secret) => Buffer.from(hkdfSync('sha256', secret, 'mortar', id, 32)))
      this.#derived.set(id, keys)
    }
    return keys
  }
}

/**
 * Encrypts `value` (anything JSON can hold) with the app key into a URL-safe token. A `purpose`
 * binds the token to one use: it decrypts only with the same purpose.
 *
 * @example
 * const token = encrypt({ userId: 7 }, 'password-reset')
 * decrypt(token, 'password-reset') // { userId: 7 }
 * decrypt(token)                   // undefined: another purpose
 */
export function encrypt(value: unknown, purpose?: string): string {
  return currentApp().encrypter.encrypt(value, purpose)
}

/**
 * The value in a token made by `encrypt()`, or `undefined` when it was tampered with, made with
 * another purpose or by another app key (the previous keys in APP_PREVIOUS_KEYS still work).
 * Never throws on a bad token.
 *
 * @example
 * const data = decrypt<{ userId: number }>(ctx.query.token, 'password-reset')
 * if (!data) abort(400, 'This link is invalid or has been changed')
 */
export function decrypt<T = unknown>(token: unknown, purpose?: string): T | undefined {
  return currentApp().encrypter.decrypt<T>(token, purpose)
}
