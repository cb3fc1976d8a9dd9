import type { HttpContext } from '../http/context.js'
import { peekSession } from '../session/context_session.js'

/**
 * The locale of a request, when nothing set one with `ctx.setLocale()`: the session's `locale`
 * (a language switcher puts it there) when it is one of the app's locales, else the best of the
 * app's locales for its `Accept-Language` header (unless `app.localeFromHeader` is false), else
 * the app's default locale.
 */
export function requestLocale(ctx: HttpContext): string {
  const translator = ctx.app.translator
  // Read only: a visitor without a session cookie gets no session from this.
  const chosen = peekSession(ctx)?.get('locale')
  if (typeof chosen === 'string' && translator.locales().includes(chosen)) return chosen
  if (ctx.app.config.get<boolean>('app.localeFromHeader', true)) {
    const negotiated = translator.negotiate(ctx.header('accept-language'))
    if (negotiated) return negotiated
  }
  return translator.options.locale
}
