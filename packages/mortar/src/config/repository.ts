import { deepMerge, isPlainObject } from './merge.js'

/**
 * The application's merged configuration, read with dotted keys: `config.get('blog.per_page')`.
 * The app's `config/<name>.ts` files fill it; packages add their defaults underneath with
 * `defaults()`, so the app's values always win.
 */
export class ConfigRepository {
  #values: Record<string, unknown>

  constructor(values: Record<string, unknown> = {}) {
    this.#values = values
  }

  /** The value at a dotted key, or `fallback` when any part of the path is missing. */
  get<T = unknown>(key: string, fallback?: T): T {
    let current: unknown = this.#values
    for (const part of key.split('.')) {
      if (!isPlainObject(current) || !(part in current)) return fallback as T
      current = current[part]
    }
    return (current === undefined ? fallback : current) as T
  }

  has(key: string): boolean {
    return this.get(key, MISSING) !== MISSING
  }

  /**
   * Sets a value at a dotted key, creating the objects on the way. The objects on the way are
   * copied, never changed in place: they may be a config module's export, which every application
   * in the process shares.
   */
  set(key: string, value: unknown): void {
    const parts = key.split('.')
    const last = parts.pop() as string
    let current = this.#values
    for (const part of parts) {
      const next = current[part]
      current[part] = isPlainObject(next) ? { ...next } : {}
      current = current[part] as Record<string, unknown>
    }
    current[last] = value
  }

  /**
   * Puts a package's defaults under `namespace`, with whatever the app already configured there
   * merged over them (SPEC §3: app wins, objects merge deeply, arrays are replaced).
   */
  defaults(namespace: string, values: Record<string, unknown>): void {
    this.#values[namespace] = deepMerge(values, this.#values[namespace])
  }

  /** The whole tree (a shallow copy of the top level). */
  all(): Record<string, unknown> {
    return { ...this.#values }
  }
}

const MISSING = Symbol('missing')
