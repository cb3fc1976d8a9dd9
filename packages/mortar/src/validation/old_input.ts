/** The session keys where a failed form's errors and input wait for the next request. */
export const ERRORS_KEY = 'errors'
export const OLD_INPUT_KEY = '_old_input'

/**
 * Names never kept as old input: passwords (`password`, `password_hash`, `passwordConfirm`),
 * confirmations (`email_confirmation`), the CSRF token and the spoofed method.
 */
const NEVER_KEPT = [/^password/i, /_confirmation$/i, /^_token$/, /^_method$/]

/**
 * The input a form sent, as it can be flashed back to the form: without the fields that must not
 * be stored (see NEVER_KEPT, at any depth), without those named in `except` (a name or a dotted
 * path), and without uploaded files.
 *
 * @example
 * keptInput({ email: 'a@b.c', password: 'x', card: { number: '4242' } }, ['card.number']) // { email: 'a@b.c', card: {} }
 */
export function keptInput(input: unknown, except: readonly string[] = []): Record<string, unknown> {
  if (!isRecord(input)) return {}
  return keep(input, '', new Set(except)) as Record<string, unknown>
}

function keep(value: unknown, path: string, except: ReadonlySet<string>): unknown {
  if (Array.isArray(value))
    return value.map((item, index) => keep(item, join(path, String(index)), except)).filter((item) => item !== DROPPED)
  if (typeof Blob !== 'undefined' && value instanceof Blob) return DROPPED
  if (!isRecord(value)) return value
  const kept: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    const itemPath = join(path, key)
    if (NEVER_KEPT.some((pattern) => pattern.test(key)) || except.has(key) || except.has(itemPath)) continue
    const result = keep(item, itemPath, except)
    if (result !== DROPPED) kept[key] = result
  }
  return kept
}

const DROPPED = Symbol('dropped')

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A value of the old input by dotted path (`items.0.name`), or `fallback`. */
export function oldValue(input: unknown, path: string, fallback?: unknown): unknown {
  let current: unknown = input
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return fallback
    current = (current as Record<string, unknown>)[key]
  }
  return current === undefined ? fallback : current
}
