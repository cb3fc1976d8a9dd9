import { defineErrors } from '../errors.js'

/** The coded errors of validation (a failed validation is a `ValidationError`, not one of these). */
export const validationErrors = defineErrors({
  E_VALIDATION_SCHEMA: {
    description: 'validate() was given something that is not a Standard Schema v1 validator',
    message: 'validate() was given something that is not a Standard Schema v1 validator',
    hint: 'Pass a schema from zod 4, valibot 1, ArkType or VineJS, e.g. v.object({ email: v.pipe(v.string(), v.email()) }).',
  },
})
