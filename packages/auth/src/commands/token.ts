import { Command } from 'mortar'
import { accessTokens } from '../access_tokens.js'
import { errors } from '../errors.js'
import { users } from '../users.js'

/** `craft auth:token <email> [--name] [--abilities a,b] [--expires days]`: prints a new personal access token once. */
export class TokenCommand extends Command {
  static override signature =
    'auth:token {email : the user the token acts for} {--name=cli : what the token is for} {--abilities=* : comma-separated abilities (* for all)} {--expires= : days until it expires (never, unless given)}'
  static override description = 'Create a personal access token for the api group'

  async handle() {
    const email = this.argument('email')
    const user = await users.findByEmail(email)
    if (!user) throw errors.E_AUTH_USER_NOT_FOUND(email)
    const expires = this.option<string | undefined>('expires')
    const days = expires === undefined || expires === '' ? null : Number(expires)
    if (days !== null && !(Number.isInteger(days) && days > 0))
      throw errors.E_AUTH_TOKEN_OPTIONS(`--expires must be a whole number of days, not "${expires}"`)
    const abilities = String(this.option('abilities') ?? '*')
      .split(',')
      .map((ability) => ability.trim())
      .filter(Boolean)
    const { token, plainText } = await accessTokens.create(user.id, {
      name: String(this.option('name') || 'cli'),
      abilities,
      expiresInDays: days,
    })
    this.info(
      `Token #${token.id} "${token.name}" for ${user.email}, abilities ${token.abilities.join(', ')}, ${token.expires_at ? `expires ${token.expires_at}` : 'never expires'}.`,
    )
    this.line('Shown once; send it as "Authorization: Bearer <token>":')
    this.line(plainText)
  }
}
