import { abort, config, type HttpContext, ValidationError } from 'mortar'
import { sendVerificationLink } from '../src/mails.js'
import { schemas } from '../src/schemas.js'
import { users } from '../src/users.js'

/** Creating an account. */
export class RegistrationController {
  /** GET /register */
  create(ctx: HttpContext) {
    if (!config<boolean>('auth.registration', true)) abort(404)
    return ctx.view('auth:register')
  }

  /** POST /register: creates the user, signs them in, and mails a verification link when `auth.verify_email` is on. */
  async store(ctx: HttpContext) {
    if (!config<boolean>('auth.registration', true)) abort(404)
    const input = await ctx.validate(schemas.register(ctx))
    if (await users.findByEmail(input.email)) throw new ValidationError({ email: [ctx.t('auth:register.taken')] }, undefined, { input })
    const user = await users.create({ name: input.name, email: input.email, password: input.password })
    await ctx.auth.login(user)
    if (config<boolean>('auth.verify_email', false)) {
      await sendVerificationLink(ctx, user)
      return ctx.redirect().route('auth.verification.notice')
    }
    return ctx
      .redirect()
      .to(config<string>('auth.home', '/'))
      .with('status', ctx.t('auth:register.welcome', { name: user.name }))
  }
}
