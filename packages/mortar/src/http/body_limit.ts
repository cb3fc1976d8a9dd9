import { httpErrors } from './errors.js'

/** The body limit when neither `app.bodyLimit` nor the route sets one: 1 MB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

/**
 * A size in bytes from a number of bytes or a string such as `'512kb'`, `'10mb'` or `'1gb'`
 * (units of 1024). Anything else is `E_HTTP_CONFIG_INVALID` naming `where`.
 */
export function parseSize(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value) : null
  if (!match) {
    throw httpErrors.E_HTTP_CONFIG_INVALID(`${where}: "${String(value)}" is not a size`, {
      hint: "Give a number of bytes or a string such as '512kb', '10mb' or '1gb'.",
    })
  }
  return Math.floor(Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] as number))
}
