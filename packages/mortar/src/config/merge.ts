/** A plain object (not an array, class instance, Date, …). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Merges `override` over `base`, the rule for package config (SPEC §3): plain objects merge key
 * by key, recursively; anything else in `override` (arrays included) replaces what `base` had.
 * Neither input is changed.
 *
 * @example
 * deepMerge({ per_page: 10, tags: ['a'], feed: { on: true } }, { tags: ['b'], feed: { title: 'x' } })
 * // { per_page: 10, tags: ['b'], feed: { on: true, title: 'x' } }
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T
  const result: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(override)) {
    result[key] = key in result ? deepMerge(result[key], value) : value
  }
  return result as T
}
