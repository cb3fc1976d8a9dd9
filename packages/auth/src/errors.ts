import { defineErrors } from 'mortar'

/** The coded errors of @mortar/auth (documented in its README). */
export const errors = defineErrors({
  E_AUTH_USER_INVALID: {
    message: (problem: string) => `Cannot create the user: ${problem}`,
    hint: 'Give --name, --email and --password (at least as long as auth.password_min_length).',
  },
  E_AUTH_USER_NOT_FOUND: {
    message: (email: string) => `No user has the email ${email}`,
    hint: 'Create one with craft auth:create-user.',
  },
  E_AUTH_TOKEN_OPTIONS: {
    message: (problem: string) => `Cannot create the token: ${problem}`,
  },
})
