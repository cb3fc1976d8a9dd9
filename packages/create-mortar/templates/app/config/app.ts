import { app, env } from 'mortar'

export default {
  /** Shown on the welcome page and available as config('app.name'). */
  name: env('APP_NAME', '{{ title }}'),
  /**
   * Error pages show details (message and stack) when true. Unset, it is on except in production
   * (the resolved environment: APP_ENV, then NODE_ENV, then APP_ENV in .env). A production start
   * refuses it unless APP_DEBUG_IN_PRODUCTION=true.
   */
  debug: env('APP_DEBUG', !app().isProduction),
  /** The public URL of the app. */
  url: env('APP_URL', 'http://127.0.0.1:8000'),
}
