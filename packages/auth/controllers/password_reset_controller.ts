import type { HttpContext } from 'mortar'
import { sendResetLink } from '../src/mails.js'
import { passwordResets } from '../src/password_resets.js'
import { rememberTokens } from '../src/remember_tokens.js'
import { schemas } from '../src/schemas.js'
import { users } from '../src/users.js'

/** Forgotten passwords: a link by mail, then a new password. */
export class PasswordResetController {
  /** GET /forgot-password */
  create(ctx: HttpContext) {
    return ctx.view('auth:forgot_password')
  }

  /** POST /forgot-password: the same answer whether or not the email has an account. */
  async store(ctx: HttpContext) {
    const input = await ctx.validate(schemas.forgot(ctx))
    const user = await users.findByEmail(input.email)
    if (user) await sendResetLink(ctx, user)
    return ctx.redirect().back().with('status', ctx.t('auth:passwords.sent'))
  }

  /** GET /reset-password/:token: the form, while the link is valid and unused. */
  async edit(ctx: HttpContext) {
    const token = ctx.params.token ?? ''
    if ((await passwordResets.peek(token)) === undefined) {
      return ctx.redirect().route('auth.password.request').with('error', ctx.t('auth:passwords.invalid'))
    }
    return ctx.view('auth:reset_password', { token })
  }

  /** POST /reset-password: uses the link up, sets the password, and forgets every "remember me" login. */
  async update(ctx: HttpContext) {
    const input = await ctx.validate(schemas.reset(ctx))
    const userId = await passwordResets.consume(input.token)
    if (userId === undefined) {
      return ctx.redirect().route('auth.password.request').with('error', ctx.t('auth:passwords.invalid'))
    }
    await users.update(userId, { password: input.password })
    await rememberTokens.forgetUser(userId)
    return ctx.redirect().route('auth.login').with('status', ctx.t('auth:passwords.reset'))
  }
}
