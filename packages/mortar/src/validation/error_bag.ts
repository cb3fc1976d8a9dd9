import type { FieldErrors } from './validation_error.js'

/**
 * Validation messages by field, as views see them (`errors` in a template).
 *
 * @example
 * @if(errors.has('email'))
 *   <p class="error">{{ errors.first('email') }}</p>
 * @end
 */
export class ErrorBag {
  readonly #errors: FieldErrors

  constructor(errors: FieldErrors = {}) {
    this.#errors = errors
  }

  /** Whether `field` has a message; with no field, whether there is any. */
  has(field?: string): boolean {
    if (field === undefined) return this.any()
    return (this.#errors[field]?.length ?? 0) > 0
  }

  /** Whether there is any message at all. */
  any(): boolean {
    return Object.values(this.#errors).some((messages) => messages.length > 0)
  }

  /** The first message of `field` (or of any field when none is given). */
  first(field?: string): string | undefined {
    if (field === undefined) return this.all()[0]
    return this.#errors[field]?.[0]
  }

  /** Every message of `field`; with no field, the messages by field. */
  get(field: string): string[]
  get(): FieldErrors
  get(field?: string): string[] | FieldErrors {
    if (field === undefined) return this.#errors
    return this.#errors[field] ?? []
  }

  /** Every message, flat, in field order. */
  all(): string[] {
    return Object.values(this.#errors).flat()
  }

  /** How many messages there are. */
  count(): number {
    return this.all().length
  }

  toJSON(): FieldErrors {
    return this.#errors
  }
}
