import type { CookieJar } from '../http/cookies.js'
import type { StoredSession } from './session.js'

/**
 * Where sessions are kept. One implementation per driver (`database`, `cookie`, `redis`,
 * `memory`); each receives the request's cookies, which only the `cookie` driver uses.
 */
export interface SessionStore {
  /** The session with this id, or undefined. */
  read(id: string, cookies: CookieJar): Promise<StoredSession | undefined>
  /** Saves the session (creating or replacing it). */
  write(id: string, session: StoredSession, cookies: CookieJar): Promise<void>
  /** Forgets the session. */
  destroy(id: string, cookies: CookieJar): Promise<void>
  /** Deletes sessions idle since before `idleBefore` or created before `createdBefore`; gives how many. */
  prune(idleBefore: number, createdBefore: number): Promise<number>
  /** Closes connections (at shutdown). */
  close(): Promise<void>
}

/** What `config/session.ts` exports. Times are in minutes. */
export interface SessionConfig {
  /** `database` (default), `cookie`, `redis` or `memory` (tests only); SESSION_DRIVER. */
  driver: 'database' | 'cookie' | 'redis' | 'memory'
  /** The session cookie's name. */
  cookie: string
  /** Minutes without a request after which a session ends. */
  idle_lifetime: number
  /** Minutes after its start after which a session ends, however active. */
  absolute_lifetime: number
  /** The cookie lasts until the browser closes. */
  expire_on_close: boolean
  /** The table of the database driver. */
  table: string
  /** The Redis of the redis driver, and the prefix of its keys. */
  redis: { url?: string; prefix: string }
  /** On a write, the chance `[n, out of]` that expired sessions are pruned. */
  lottery: [number, number]
  /** Paths (a trailing `*` matches the rest) whose POST, PUT, PATCH and DELETE skip the CSRF check. */
  except: string[]
  /** Check CSRF tokens (default true; test apps turn it off unless `createTestApp({ csrf: true })`). */
  csrf: boolean
  /** Session cookie attributes. `secure` defaults to true in production. */
  secure?: boolean
  same_site: 'Lax' | 'Strict' | 'None'
  domain?: string
  path: string
}

/** The defaults, used for any key `config/session.ts` leaves out. */
export const SESSION_DEFAULTS: SessionConfig = {
  driver: 'database',
  cookie: 'mortar_session',
  idle_lifetime: 120,
  absolute_lifetime: 60 * 24 * 30,
  expire_on_close: false,
  table: 'sessions',
  redis: { prefix: 'mortar:session:' },
  lottery: [2, 100],
  except: [],
  csrf: true,
  same_site: 'Lax',
  path: '/',
}
