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
  /**
   * The secret that encrypts cookies and sessions (`craft key:generate` writes one). Keep it out of
   * git. To rotate it, move the old key to APP_PREVIOUS_KEYS: what it encrypted stays readable.
   */
  key: env('APP_KEY'),
  previous_keys: env('APP_PREVIOUS_KEYS', ''),
  /** The default locale of t() messages (lang/<locale>/<file>.json). */
  locale: env('APP_LOCALE', 'en'),
  /** Used for a message the request's locale does not have. */
  fallbackLocale: 'en',
  /** Pick each request's locale from its Accept-Language header, among the locales in lang/. */
  localeFromHeader: true,

  /**
   * The proxies whose X-Forwarded-For (client address, `ctx.ip()`) and X-Forwarded-Proto
   * (HTTPS) are believed. None by default, so a forged header changes nothing. Behind a proxy:
   * addresses or CIDR ranges ('10.0.0.0/8'), 'loopback' (a proxy on this machine), or a number
   * of hops (1 for one proxy in front), e.g. TRUSTED_PROXIES=loopback.
   */
  trustedProxies: env('TRUSTED_PROXIES', ''),

  /**
   * The largest request body a route accepts: bytes, or '512kb', '10mb'. A larger one answers
   * 413 unread. A route can set its own: Route.post('/uploads', …).bodyLimit('10mb').
   */
  bodyLimit: '1mb',

  /**
   * Security headers on every HTML answer: X-Content-Type-Options: nosniff,
   * Referrer-Policy: strict-origin-when-cross-origin, X-Frame-Options: SAMEORIGIN, and HSTS in
   * production over HTTPS. Options of Hono's secureHeaders() override them, e.g.
   * { xFrameOptions: 'DENY', contentSecurityPolicy: { defaultSrc: ["'self'"] } }; false turns
   * them off.
   */
  securityHeaders: {},

  /**
   * Node's server timeouts, in milliseconds: a client that takes longer to send its headers
   * (slowloris) or its whole request is dropped; idle keep-alive connections close.
   */
  server: { headersTimeout: 10_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 },
  /** On SIGTERM or Ctrl+C, how long requests in flight may take to finish (ms) before they are cut. */
  shutdownTimeout: 10_000,
}
