import { env } from 'mortar'

export default {
  /** Shown on the welcome page and available as config('app.name'). */
  name: env('APP_NAME', '{{ title }}'),
  /** Error pages show details (message and stack) when true; keep it false in production. */
  debug: env('APP_DEBUG', env('APP_ENV', 'development') !== 'production'),
  /** The public URL of the app. */
  url: env('APP_URL', 'http://127.0.0.1:8000'),
  /** The default locale of t() messages (lang/<locale>/<file>.json). */
  locale: env('APP_LOCALE', 'en'),
  /** Used for a message the request's locale does not have. */
  fallbackLocale: 'en',
  /** Pick each request's locale from its Accept-Language header, among the locales in lang/. */
  localeFromHeader: true,
}
