import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of mail: invalid messages, drivers and delivery. */
export const mailErrors = defineErrors({
  E_MAIL_INVALID: {
    description: 'A message has no recipient, subject, sender or body, or a malformed address',
    message: (problem: string, _hint?: string) => `Mail not sent: ${problem}`,
    hint: (_problem: string, hint?: string) => hint,
  },
  E_MAIL_DRIVER: freeMessage('The mail driver is unknown, misconfigured, or not allowed in this environment'),
  E_MAIL_SEND_FAILED: freeMessage('The mail driver could not deliver a message'),
})
