import { validationErrors } from './errors.js'
import type { StandardSchemaV1 } from './standard_schema.js'
import { type FieldErrors, ValidationError } from './validation_error.js'

/** Options of `ctx.validate()`. */
export interface ValidateOptions {
  /** Where the input is: the body (default), the query string or the route parameters. */
  from?: 'body' | 'query' | 'params'
  /** Fields (names or dotted paths) never flashed back to a form as old input. */
  except?: readonly string[]
}

/**
 * Validates `input` with any Standard Schema v1 validator and returns its typed output; throws
 * a `ValidationError` carrying the issues by dotted path (`items.0.name`) otherwise.
 */
export async function validateInput<Schema extends StandardSchemaV1>(
  schema: Schema,
  input: unknown,
  options: Pick<ValidateOptions, 'except'> = {},
): Promise<StandardSchemaV1.InferOutput<Schema>> {
  const standard = (schema as Partial<StandardSchemaV1> | null | undefined)?.['~standard']
  if (typeof standard?.validate !== 'function') {
    throw validationErrors.E_VALIDATION_SCHEMA()
  }
  const result = await standard.validate(input)
  if (result.issues) throw new ValidationError(fieldErrors(result.issues), undefined, { input, except: options.except })
  return result.value as StandardSchemaV1.InferOutput<Schema>
}

/** Groups issues by dotted path; an issue without a path (the whole input) goes under `_`. */
export function fieldErrors(issues: ReadonlyArray<StandardSchemaV1.Issue>): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const path = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.')
    const field = path === '' ? '_' : path
    const messages = errors[field] ?? []
    if (!messages.includes(issue.message)) messages.push(issue.message)
    errors[field] = messages
  }
  return errors
}
