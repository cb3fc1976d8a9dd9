import { config, type HttpContext, ValidationError } from 'mortar'
import { accessTokens } from '../src/access_tokens.js'
import { sendVerificationLink } from '../src/mails.js'
import { rememberTokens } from '../src/remember_tokens.js'
import { schemas } from '../src/schemas.js'
import { normalizeEmail, type User, users } from '../src/users.js'

/** The account page: name, email, password, personal access tokens, and deleting the account. */
export class AccountController {
  /** GET /account */
  async show(ctx: HttpContext) {
    const user = ctx.auth.user as User
    return ctx.view('auth:account', {
      user,
      tokens: await accessTokens.forUser(user.id),
      abilities: config<string[]>('auth.abilities', []),
      newToken: ctx.session.get('auth_new_token'),
    })
  }

  /** PUT /account/profile: a new email must be free, and is verified again when verification is on. */
  async updateProfile(ctx: HttpContext) {
    const user = ctx.auth.user as User
    const input = await ctx.validate(schemas.profile(ctx))
    const email = normalizeEmail(input.email)
    const changes: Parameters<typeof users.update>[1] = { name: input.name }
    if (email !== user.email) {
      if (await users.findByEmail(email)) throw new ValidationError({ email: [ctx.t('auth:register.taken')] }, undefined, { input })
      changes.email = email
      changes.email_verified_at = null
    }
    const updated = await users.update(user.id, changes)
    if (changes.email && config<boolean>('auth.verify_email', false)) await sendVerificationLink(ctx, updated)
    return ctx.redirect().route('auth.account').with('status', ctx.t('auth:account.profile_saved'))
  }

  /** PUT /account/password: needs the current password; the user's other sessions and "remember me" logins end. */
  async updatePassword(ctx: HttpContext) {
    const user = ctx.auth.user as User
    const input = await ctx.validate(schemas.password(ctx), { except: ['current_password'] })
    if (!(await users.checkPassword(user, input.current_password))) {
      throw new ValidationError({ current_password: [ctx.t('auth:account.wrong_password')] }, undefined, {
        input,
        except: ['current_password'],
      })
    }
    const updated = await users.update(user.id, { password: input.password })
    await rememberTokens.forgetUser(user.id)
    await ctx.session.regenerate()
    ctx.auth.passwordChanged(updated)
    return ctx.redirect().route('auth.account').with('status', ctx.t('auth:account.password_saved'))
  }

  /** DELETE /account: needs the password; deletes the user and their tokens, and signs out. */
  async destroy(ctx: HttpContext) {
    const user = ctx.auth.user as User
    const input = await ctx.validate(schemas.confirmDelete(ctx))
    if (!(await users.checkPassword(user, input.password_for_deletion))) {
      throw new ValidationError({ password_for_deletion: [ctx.t('auth:account.wrong_password')] }, undefined, { input })
    }
    await ctx.auth.logout()
    await users.delete(user.id)
    return ctx.redirect().to('/').with('status', ctx.t('auth:account.deleted'))
  }

  /** POST /account/tokens: the new token is shown once, on the next page. */
  async createToken(ctx: HttpContext) {
    const user = ctx.auth.user as User
    const input = await ctx.validate(schemas.token(ctx))
    const offered = config<string[]>('auth.abilities', [])
    const asked = input.abilities === undefined ? [] : Array.isArray(input.abilities) ? input.abilities : [input.abilities]
    const unknown = asked.filter((ability) => !offered.includes(ability))
    if (unknown.length)
      throw new ValidationError({ abilities: [ctx.t('auth:account.unknown_abilities', { abilities: unknown.join(', ') })] }, undefined, {
        input,
      })
    const days = input.expires_days ? Number(input.expires_days) : null
    const { plainText } = await accessTokens.create(user.id, { name: input.token_name, abilities: asked, expiresInDays: days })
    return ctx.redirect().route('auth.account').with('auth_new_token', plainText)
  }

  /** DELETE /account/tokens/:id */
  async revokeToken(ctx: HttpContext) {
    const user = ctx.auth.user as User
    await accessTokens.revoke(user.id, Number(ctx.params.id))
    return ctx.redirect().route('auth.account').with('status', ctx.t('auth:account.token_revoked'))
  }
}
