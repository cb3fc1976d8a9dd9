import { app, config, db } from 'mortar'
import { digest, matchesDigest, randomSecret, splitToken } from './secrets.js'

/** "Remember me": a cookie holding `<id>|<secret>`, the secret's digest in `remember_tokens`. */
export const rememberTokens = {
  /** Makes a token for the user; gives the cookie value and its lifetime in seconds. */
  async create(userId: number): Promise<{ value: string; maxAge: number }> {
    const secret = randomSecret()
    const now = app().now()
    const maxAge = config<number>('auth.remember_days', 30) * 86_400
    const row = await db()
      .insertInto('remember_tokens')
      .values({
        user_id: userId,
        token_hash: digest(secret),
        expires_at: new Date(now + maxAge * 1000).toISOString(),
        created_at: new Date(now).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { value: `${row.id}|${secret}`, maxAge }
  },

  /** The user a cookie value remembers, while its token exists and has not expired. */
  async userId(value: unknown): Promise<number | undefined> {
    const parts = splitToken(value)
    if (!parts) return undefined
    const row = await db().selectFrom('remember_tokens').selectAll().where('id', '=', parts.id).executeTakeFirst()
    if (!row || !matchesDigest(parts.secret, row.token_hash) || Date.parse(row.expires_at) <= app().now()) return undefined
    return row.user_id
  },

  /** Forgets the token of a cookie value (logout). */
  async forget(value: unknown): Promise<void> {
    const parts = splitToken(value)
    if (parts) await db().deleteFrom('remember_tokens').where('id', '=', parts.id).execute()
  },

  /** Forgets every remembered login of a user (password changed or reset). */
  async forgetUser(userId: number): Promise<void> {
    await db().deleteFrom('remember_tokens').where('user_id', '=', userId).execute()
  },
}
