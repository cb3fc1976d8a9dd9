import { config, type HttpContext, limiter, ValidationError } from 'mortar'
import { INTENDED_KEY } from '../src/auth.js'
import { intendedPath } from '../src/redirects.js'
import { schemas } from '../src/schemas.js'
import { normalizeEmail, users } from '../src/users.js'

/** Login and logout. */
export class SessionController {
  /** GET /login */
  create(ctx: HttpContext) {
    return ctx.view('auth:login')
  }

  /**
   * POST /login: 5 failures a minute per email and client address (the limiter counts in the
   * database or Redis, so every server process shares the count); the same answer whether the
   * email exists or the password is wrong.
   */
  async store(ctx: HttpContext) {
    const input = await ctx.validate(schemas.login(ctx))
    const { max, seconds } = config<{ max: number; seconds: number }>('auth.throttle', { max: 5, seconds: 60 })
    const key = `auth:login:${normalizeEmail(input.email)}|${ctx.ip()}`
    if (await limiter.tooManyAttempts(key, max)) {
      throw new ValidationError({ email: [ctx.t('auth:login.throttled', { seconds: await limiter.availableIn(key) })] }, undefined, {
        input,
      })
    }
    const user = await users.findByEmail(input.email)
    if (!(await users.checkPasswordOrWaste(user, input.password)) || !user) {
      await limiter.hit(key, seconds)
      throw new ValidationError({ email: [ctx.t('auth:login.failed')] }, undefined, { input })
    }
    await limiter.clear(key)
    const intended = ctx.session.pull(INTENDED_KEY)
    await ctx.auth.login(user, { remember: Boolean(input.remember) })
    return ctx.redirect().to(intendedPath(intended))
  }

  /** POST /logout */
  async destroy(ctx: HttpContext) {
    await ctx.auth.logout()
    return ctx.redirect().to(config<string>('auth.home', '/'))
  }
}
