import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A random secret for a link, cookie or token: 40 bytes, base64url. */
export function randomSecret(): string {
  return randomBytes(40).toString('base64url')
}

/** The SHA-256 digest (hex) stored in place of a secret: fast to check, useless if the table leaks. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** Whether `secret` matches a stored digest, compared in constant time. */
export function matchesDigest(secret: string, stored: string): boolean {
  const given = Buffer.from(digest(secret), 'hex')
  const expected = Buffer.from(stored, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Splits `<id>|<secret>` (tokens and remember cookies); undefined when malformed. */
export function splitToken(value: unknown): { id: number; secret: string } | undefined {
  if (typeof value !== 'string') return undefined
  const match = /^(\d{1,15})\|([\w-]{20,200})$/.exec(value)
  return match ? { id: Number(match[1]), secret: match[2] as string } : undefined
}
