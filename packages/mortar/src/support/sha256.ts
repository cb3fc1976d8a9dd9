import { createHash } from 'node:crypto'

/** A sha256 as the ledger and the base store spell it: 64 lower-case hex digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/

/**
 * The sha256 of bytes or UTF-8 text, in lower-case hex. Ledger hashes and base-store file names
 * are these, so a base file can be checked against its name.
 *
 * @example
 * sha256('hello\n') // '5891b5b5…'
 */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}
