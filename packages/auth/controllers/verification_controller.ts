import { config, type HttpContext } from 'mortar'
import { emailVerification } from '../src/email_verification.js'
import { sendVerificationLink } from '../src/mails.js'
import { users } from '../src/users.js'

/** Email verification (when `auth.verify_email` is on). */
export class VerificationController {
  /** GET /verify-email: asks the user to follow the link sent to them. */
  notice(ctx: HttpContext) {
    if (ctx.auth.user?.email_verified_at) return ctx.redirect().to(config<string>('auth.home', '/'))
    return ctx.view('auth:verify_email', { user: ctx.auth.user })
  }

  /** GET /verify-email/:token: the link from the mail. */
  async verify(ctx: HttpContext) {
    const user = ctx.auth.user
    if (!user) return ctx.redirect().route('auth.login')
    if (!emailVerification.check(ctx.params.token ?? '', user)) {
      return ctx.redirect().route('auth.verification.notice').with('error', ctx.t('auth:verify.invalid'))
    }
    if (!user.email_verified_at) await users.update(user.id, { email_verified_at: new Date(ctx.app.now()).toISOString() })
    return ctx.redirect().to(config<string>('auth.home', '/')).with('status', ctx.t('auth:verify.done'))
  }

  /** POST /verify-email: sends the link again. */
  async resend(ctx: HttpContext) {
    const user = ctx.auth.user
    if (user && !user.email_verified_at) await sendVerificationLink(ctx, user)
    return ctx.redirect().back().with('status', ctx.t('auth:verify.sent'))
  }
}
