import { app, config, decrypt, encrypt } from 'mortar'
import type { User } from './users.js'

const PURPOSE = 'auth.verify-email'

interface LinkPayload {
  id: number
  email: string
  expires: number
}

/**
 * Email verification links: signed with the app key and bound to the address they were sent to
 * (a link for an email the user has since changed no longer works), expiring on the app clock.
 */
export const emailVerification = {
  token(user: Pick<User, 'id' | 'email'>): string {
    const expires = app().now() + config<number>('auth.verify_expires_minutes', 1440) * 60_000
    return encrypt({ id: user.id, email: user.email, expires } satisfies LinkPayload, PURPOSE)
  },

  /** The user id a token verifies, when valid for that user's current email. */
  check(token: string, user: Pick<User, 'id' | 'email'>): boolean {
    const payload = decrypt<LinkPayload>(token, PURPOSE)
    return Boolean(payload && payload.id === user.id && payload.email === user.email && payload.expires > app().now())
  },
}
