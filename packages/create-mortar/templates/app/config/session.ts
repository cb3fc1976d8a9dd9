import { env, type SessionConfig } from 'mortar'

export default {
  /**
   * Where sessions live: `database` (the sessions table of `craft migrate`, shared by every
   * process on the same database), `redis` (REDIS_URL), `cookie` (encrypted in the browser, at
   * most about 4 KB) or `memory` (tests only).
   */
  driver: env('SESSION_DRIVER', 'database') as SessionConfig['driver'],
  /** The session cookie's name. */
  cookie: 'mortar_session',
  /** Minutes without a request after which a session ends. */
  idle_lifetime: env('SESSION_LIFETIME', 120),
  /** Minutes after its start after which a session ends however active it is (30 days). */
  absolute_lifetime: 60 * 24 * 30,
  /** End the session when the browser closes. */
  expire_on_close: false,
  /** The Redis of the redis driver, and the prefix of its keys. */
  redis: { url: env('REDIS_URL', 'redis://127.0.0.1:6379'), prefix: 'mortar:session:' },
  /** On a write, the chance [n, out of] that expired sessions are deleted (also `craft session:prune`). */
  lottery: [2, 100],
  /** Paths whose POST, PUT, PATCH and DELETE skip the CSRF check (a trailing * matches the rest), e.g. '/webhooks/*'. */
  except: [],
  /** Cookie attributes. Secure defaults to true in production. */
  same_site: 'Lax',
  path: '/',
} satisfies Partial<SessionConfig>
