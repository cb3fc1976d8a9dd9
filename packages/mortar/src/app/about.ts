/** A value shown by `craft about`: text, a number, a flag, or a function read when it runs. */
export type AboutValue = string | number | boolean | undefined | (() => string | number | boolean | undefined)

/**
 * What `craft about` shows beyond Mortar's own facts: lines that providers add in `boot()` with
 * `this.about({ … })`, grouped by the package (or provider) that added them.
 *
 * @example
 * // in a package provider's boot()
 * this.about({ Driver: () => this.app.config.get('cache.driver'), 'Queue workers': 2 })
 */
export class AboutRegistry {
  readonly #sections = new Map<string, Map<string, AboutValue>>()

  /** Adds (or replaces) lines of a section. */
  add(section: string, lines: Record<string, AboutValue>): void {
    const entries = this.#sections.get(section) ?? new Map<string, AboutValue>()
    for (const [key, value] of Object.entries(lines)) entries.set(key, value)
    this.#sections.set(section, entries)
  }

  /** Every section with its values read now; a function that throws shows its error's message. */
  resolve(): Record<string, Record<string, string | number | boolean | null>> {
    const result: Record<string, Record<string, string | number | boolean | null>> = {}
    for (const [section, entries] of this.#sections) {
      const lines: Record<string, string | number | boolean | null> = {}
      for (const [key, value] of entries) {
        try {
          lines[key] = (typeof value === 'function' ? value() : value) ?? null
        } catch (error) {
          lines[key] = `(failed: ${error instanceof Error ? error.message : String(error)})`
        }
      }
      result[section] = lines
    }
    return result
  }
}
