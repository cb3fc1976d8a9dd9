import { app, config, db, decrypt, encrypt } from 'mortar'
import { digest, matchesDigest, randomSecret } from './secrets.js'
import type { User } from './users.js'

const PURPOSE = 'auth.password-reset'

interface LinkPayload {
  id: number
  secret: string
  expires: number
}

/**
 * Password reset links: each is signed with the app key (its token is encrypted and bound to this
 * purpose, so a changed one reads as nothing), expires on the app clock after
 * `auth.reset_expires_minutes`, and works once: its row, holding only the secret's digest, is
 * deleted when the password is reset.
 */
export const passwordResets = {
  /** Makes a link token for the user, replacing their earlier links. */
  async create(user: User): Promise<string> {
    const secret = randomSecret()
    const now = app().now()
    const expires = now + config<number>('auth.reset_expires_minutes', 60) * 60_000
    await db().deleteFrom('password_reset_tokens').where('user_id', '=', user.id).execute()
    const row = await db()
      .insertInto('password_reset_tokens')
      .values({
        user_id: user.id,
        token_hash: digest(secret),
        expires_at: new Date(expires).toISOString(),
        created_at: new Date(now).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return encrypt({ id: row.id, secret, expires } satisfies LinkPayload, PURPOSE)
  },

  /** The user a link token is for, while it is valid and unused (the link page checks this). */
  async peek(token: string): Promise<number | undefined> {
    const found = await find(token)
    return found?.user_id
  },

  /** Uses up a link token: the user id when it was valid, and never again. */
  async consume(token: string): Promise<number | undefined> {
    const found = await find(token)
    if (!found) return undefined
    // Deleted first and counted: of two requests racing with one link, only one gets a row.
    const deleted = await db().deleteFrom('password_reset_tokens').where('id', '=', found.id).executeTakeFirst()
    return Number(deleted.numDeletedRows) === 1 ? found.user_id : undefined
  },
}

async function find(token: string): Promise<{ id: number; user_id: number } | undefined> {
  const payload = decrypt<LinkPayload>(token, PURPOSE)
  if (!payload || typeof payload.id !== 'number' || typeof payload.secret !== 'string') return undefined
  const now = app().now()
  if (payload.expires <= now) return undefined
  const row = await db().selectFrom('password_reset_tokens').selectAll().where('id', '=', payload.id).executeTakeFirst()
  if (!row || !matchesDigest(payload.secret, row.token_hash) || Date.parse(row.expires_at) <= now) return undefined
  return { id: row.id, user_id: row.user_id }
}
