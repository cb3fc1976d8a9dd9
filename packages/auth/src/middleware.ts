import { config, type HttpContext, type Middleware, type Next } from 'mortar'
import { INTENDED_KEY, sessionOf } from './auth.js'

/** Whether the client wants JSON rather than a page: an `api` route (no session), or it asked for JSON. */
export function wantsJson(ctx: HttpContext): boolean {
  if (!sessionOf(ctx)) return true
  const accept = ctx.header('accept') ?? ''
  const type = ctx.header('content-type') ?? ''
  return accept.includes('application/json') || type.includes('application/json') || ctx.header('x-requested-with') === 'XMLHttpRequest'
}

function unauthenticated(ctx: HttpContext): Response {
  return ctx.json({ message: ctx.t('auth:messages.unauthenticated') }, 401)
}

/**
 * The `auth` middleware: lets signed-in users through. A guest asking for a page is sent to the
 * login page (and comes back to that page after logging in); an API or JSON request answers 401.
 * With `auth.verify_email` on, a user who has not verified their email is sent to the page that
 * asks them to.
 */
export const authenticate: Middleware = Object.assign(
  async (ctx: HttpContext, next: Next) => {
    const user = await ctx.auth.authenticate()
    if (!user) {
      if (wantsJson(ctx)) return unauthenticated(ctx)
      if (ctx.method === 'GET') ctx.session.put(INTENDED_KEY, `${ctx.url.pathname}${ctx.url.search}`)
      return ctx.redirect(ctx.route('auth.login'))
    }
    const verifying = ctx.routeName?.startsWith('auth.verification.') || ctx.routeName === 'auth.logout'
    if (config<boolean>('auth.verify_email', false) && !user.email_verified_at && !ctx.auth.token && !verifying) {
      if (wantsJson(ctx)) return ctx.json({ message: ctx.t('auth:verify.required') }, 403)
      return ctx.redirect(ctx.route('auth.verification.notice'))
    }
    return next()
  },
  { needs: ['session'] },
)

/** The `guest` middleware: signed-in users are sent to `auth.home` (login and register pages use it). */
export const guest: Middleware = Object.assign(
  async (ctx: HttpContext, next: Next) => {
    if (await ctx.auth.check()) return ctx.redirect(config<string>('auth.home', '/'))
    return next()
  },
  { needs: ['session'] },
)

/**
 * A middleware that lets through only requests allowed every one of `abilities`: a personal access
 * token must list them (or `*`); a user signed in through the session has them all.
 *
 * @example
 * Route.post('/api/posts', [PostsController, 'store']).middleware('auth', ability('posts:write'))
 */
export function ability(...abilities: string[]): Middleware {
  return async (ctx: HttpContext, next: Next) => {
    if (!(await ctx.auth.check())) return unauthenticated(ctx)
    const missing = abilities.filter((name) => !ctx.auth.can(name))
    if (missing.length) return ctx.json({ message: ctx.t('auth:messages.forbidden', { abilities: missing.join(', ') }) }, 403)
    return next()
  }
}
