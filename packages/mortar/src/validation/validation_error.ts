import { HttpError } from '../http/http_error.js'

/** Messages by dotted field path: `{ email: ['Invalid email'], 'items.0.name': ['Required'] }`. */
export type FieldErrors = Record<string, string[]>

/**
 * Thrown by `ctx.validate()` when the input does not pass the schema. A JSON or `api` request
 * answers 422 `{ message, errors }`; throw one yourself for a check the schema cannot make.
 *
 * @example
 * if (await emailTaken(input.email)) throw new ValidationError({ email: ['This email is taken.'] })
 */
export class ValidationError extends HttpError {
  /** The input that failed, flashed back to a form as old input (see `keptInput`). */
  readonly input?: unknown
  /** Fields never flashed back as old input. */
  readonly except: readonly string[]

  constructor(
    readonly errors: FieldErrors,
    message = summary(errors),
    options: { input?: unknown; except?: readonly string[] } = {},
  ) {
    super(422, message)
    this.name = 'ValidationError'
    this.input = options.input
    this.except = options.except ?? []
  }
}

/** Laravel's summary: the first message, and how many more there are. */
function summary(errors: FieldErrors): string {
  const messages = Object.values(errors).flat()
  const first = messages[0] ?? 'The given data was invalid.'
  const more = messages.length - 1
  return more > 0 ? `${first} (and ${more} more error${more === 1 ? '' : 's'})` : first
}
