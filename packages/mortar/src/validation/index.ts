export { ErrorBag } from './error_bag.js'
export type { StandardSchemaV1 } from './standard_schema.js'
export { fieldErrors, validateInput } from './validate.js'
export { type FieldErrors, ValidationError } from './validation_error.js'
