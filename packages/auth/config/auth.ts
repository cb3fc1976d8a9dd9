import { env } from 'mortar'

/**
 * The settings of @mortar/auth, read with `config('auth.<key>')`. `craft package:install` publishes
 * this file to the app's config/auth.ts: edit that copy, the app's values are merged over these.
 */
export default {
  /** Where the `guest` middleware sends signed-in users, and where login goes when no page was asked for. */
  home: env('AUTH_HOME', '/'),

  /** Whether new users must follow a link sent by mail before the `auth` middleware lets them in. */
  verify_email: env('AUTH_VERIFY_EMAIL', false),

  /** Whether anyone may create an account at /register. */
  registration: true,

  /** The shortest password accepted at registration, reset and change. */
  password_min_length: 8,

  /** Minutes a password reset link stays valid; each link works once. */
  reset_expires_minutes: 60,

  /** Minutes an email verification link stays valid. */
  verify_expires_minutes: 60 * 24,

  /** Days a "remember me" login lasts. */
  remember_days: 30,

  /** Failed logins allowed per email address and client address before login waits. */
  throttle: { max: 5, seconds: 60 },

  /** Abilities offered on the account page when creating a personal access token. */
  abilities: ['read', 'write'],
}
