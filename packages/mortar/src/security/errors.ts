import { defineErrors } from '../errors.js'

/** The coded errors of the application key. */
export const securityErrors = defineErrors({
  E_APP_KEY_MISSING: {
    description: 'APP_KEY is missing or shorter than 32 bytes in production',
    message: (problem: string) => `${problem}: cookies and sessions cannot be encrypted`,
    hint: 'Run `npx craft key:generate` and set the APP_KEY it writes in the production environment.',
  },
  E_APP_KEY_EXISTS: {
    description: 'key:generate would replace an existing APP_KEY without --force',
    message: (_usable: boolean) => '.env already has an APP_KEY; replacing it makes every cookie and session unreadable',
    hint: (usable: boolean) =>
      usable
        ? 'Add --force to replace it; to keep sessions, move the old key to APP_PREVIOUS_KEYS first.'
        : 'The key there is too short: run `craft key:generate --force`.',
  },
})
