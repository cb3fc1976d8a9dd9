import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of the rate limiter. */
export const limiterErrors = defineErrors({
  E_LIMITER_STORE: freeMessage('The rate limiter store is unknown or unreachable, or its table is missing in production'),
})
