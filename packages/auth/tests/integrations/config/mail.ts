import { env, type MailConfig } from 'mortar'

export default {
  /**
   * Where mail goes (MAIL_DRIVER):
   *   log     development: each message saved as a .eml file in storage/mail/, and one line printed
   *           with its subject, recipient and first link (refused in production)
   *   smtp    an SMTP server, set below: what production uses
   *   memory  kept in memory for tests (refused in production); test apps use it by default
   */
  driver: env('MAIL_DRIVER', 'log'),

  /** The sender of messages that name none. */
  from: {
    name: env('MAIL_FROM_NAME', env('APP_NAME', 'Auth test app')),
    address: env('MAIL_FROM_ADDRESS', 'hello@example.com'),
  },

  smtp: {
    host: env('MAIL_HOST', '127.0.0.1'),
    /** 587 (STARTTLS when the server offers it), or 465 with MAIL_SECURE=true (TLS from the start). */
    port: env('MAIL_PORT', 587),
    secure: env('MAIL_SECURE', false),
    /** No login when empty. */
    username: env('MAIL_USERNAME', ''),
    password: env('MAIL_PASSWORD', ''),
  },
} satisfies MailConfig
