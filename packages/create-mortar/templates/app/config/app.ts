import { env } from 'mortar'

export default {
  /** Shown on the welcome page and available as config('app.name'). */
  name: env('APP_NAME', '{{ title }}'),
  /** Error pages show details (message and stack) when true; keep it false in production. */
  debug: env('APP_DEBUG', env('APP_ENV', 'development') !== 'production'),
  /** The public URL of the app. */
  url: env('APP_URL', 'http://127.0.0.1:8000'),
  /**
   * The secret that encrypts cookies and sessions (`craft key:generate` writes one). Keep it out of
   * git. To rotate it, move the old key to APP_PREVIOUS_KEYS: what it encrypted stays readable.
   */
  key: env('APP_KEY'),
  previous_keys: env('APP_PREVIOUS_KEYS', ''),
}
