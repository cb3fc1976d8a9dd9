import type { HttpContext } from '../http/context.js'

/**
 * The locale of a request, when nothing set one with `ctx.setLocale()`: the best of the app's
 * locales for its `Accept-Language` header (unless `app.localeFromHeader` is false), else the
 * app's default locale.
 */
export function requestLocale(ctx: HttpContext): string {
  const translator = ctx.app.translator
  if (ctx.app.config.get<boolean>('app.localeFromHeader', true)) {
    const negotiated = translator.negotiate(ctx.header('accept-language'))
    if (negotiated) return negotiated
  }
  return translator.options.locale
}
