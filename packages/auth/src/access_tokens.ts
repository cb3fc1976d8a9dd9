import { app, db } from 'mortar'
import { digest, matchesDigest, randomSecret, splitToken } from './secrets.js'

/** A row of `personal_access_tokens`, abilities parsed. */
export interface AccessToken {
  id: number
  user_id: number
  name: string
  abilities: string[]
  expires_at: string | null
  last_used_at: string | null
  created_at: string
}

interface TokenRow extends Omit<AccessToken, 'abilities'> {
  abilities: string
  token_hash: string
}

function parse(row: TokenRow): AccessToken {
  const { token_hash: _hash, abilities, ...rest } = row
  return { ...rest, abilities: JSON.parse(abilities) as string[] }
}

/** Whether a token grants an ability: listed, or `*` (every ability). */
export function tokenCan(token: Pick<AccessToken, 'abilities'>, ability: string): boolean {
  return token.abilities.includes('*') || token.abilities.includes(ability)
}

/**
 * Personal access tokens for the `api` group. The plain token, `<id>|<secret>`, is given once at
 * creation; only the secret's SHA-256 digest is stored, and a request's token is looked up by its
 * id, so checking one costs a primary-key read and one digest (no slow password hash).
 *
 * @example
 * const { plainText } = await accessTokens.create(user.id, { name: 'deploy', abilities: ['posts:write'], expiresInDays: 30 })
 * // curl -H "Authorization: Bearer $plainText" …
 */
export const accessTokens = {
  async create(
    userId: number,
    options: { name: string; abilities?: string[]; expiresInDays?: number | null },
  ): Promise<{ token: AccessToken; plainText: string }> {
    const secret = randomSecret()
    const now = app().now()
    const days = options.expiresInDays
    const row = await db()
      .insertInto('personal_access_tokens')
      .values({
        user_id: userId,
        name: options.name,
        token_hash: digest(secret),
        abilities: JSON.stringify(options.abilities?.length ? options.abilities : ['*']),
        expires_at: days ? new Date(now + days * 86_400_000).toISOString() : null,
        created_at: new Date(now).toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    const token = parse(row as TokenRow)
    return { token, plainText: `${token.id}|${secret}` }
  },

  /** The token a bearer value names, when its secret matches and it has not expired. */
  async verify(bearer: string): Promise<AccessToken | undefined> {
    const parts = splitToken(bearer)
    if (!parts) return undefined
    const row = (await db().selectFrom('personal_access_tokens').selectAll().where('id', '=', parts.id).executeTakeFirst()) as
      | TokenRow
      | undefined
    if (!row || !matchesDigest(parts.secret, row.token_hash)) return undefined
    const now = app().now()
    if (row.expires_at && Date.parse(row.expires_at) <= now) return undefined
    // Written at most once a minute: a busy token would otherwise cost a write per request.
    if (!row.last_used_at || Date.parse(row.last_used_at) < now - 60_000) {
      row.last_used_at = new Date(now).toISOString()
      await db().updateTable('personal_access_tokens').set({ last_used_at: row.last_used_at }).where('id', '=', row.id).execute()
    }
    return parse(row)
  },

  async forUser(userId: number): Promise<AccessToken[]> {
    const rows = await db().selectFrom('personal_access_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute()
    return rows.map((row) => parse(row as TokenRow))
  },

  /** Deletes one of the user's tokens; false when they have none by that id. */
  async revoke(userId: number, id: number): Promise<boolean> {
    const result = await db().deleteFrom('personal_access_tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  },
}
