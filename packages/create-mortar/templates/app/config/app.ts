import { env } from 'mortar'

export default {
  /** Shown on the welcome page and available as config('app.name'). */
  name: env('APP_NAME', '{{ title }}'),
  /** Error pages show details (message and stack) when true; keep it false in production. */
  debug: env('APP_DEBUG', env('APP_ENV', 'development') !== 'production'),
  /** The public URL of the app. */
  url: env('APP_URL', 'http://127.0.0.1:8000'),
  /** On SIGTERM or Ctrl+C, how long requests in flight may take to finish (ms) before they are cut. */
  shutdownTimeout: 10_000,
}
