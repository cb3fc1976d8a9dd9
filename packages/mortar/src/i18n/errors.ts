import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of translations. */
export const i18nErrors = defineErrors({
  E_TRANSLATION_INVALID: freeMessage('A translations file or message is malformed, or t() lacks a value it names'),
})
