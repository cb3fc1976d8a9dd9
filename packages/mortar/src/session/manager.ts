import { createHash, randomInt } from 'node:crypto'
import type { Application } from '../app/application.js'
import type { CookieJar, CookieOptions } from '../http/cookies.js'
import { CookieStore } from './drivers/cookie.js'
import { DatabaseStore } from './drivers/database.js'
import { MemoryStore } from './drivers/memory.js'
import { RedisStore } from './drivers/redis.js'
import { sessionErrors } from './errors.js'
import { Session } from './session.js'
import { SESSION_DEFAULTS, type SessionConfig, type SessionStore } from './store.js'

/** How often an unchanged session is written anyway, to keep its idle lifetime: at most once a minute. */
const TOUCH_EVERY_MS = 60_000

/**
 * The application's sessions (`app.sessions`): reads the configured store at the start of a
 * request and writes it back at the end, only when something changed (or, unchanged, once a
 * minute to keep it alive). The session middleware drives it; tests reach it through
 * `mortar/testing`.
 */
export class SessionManager {
  #store?: SessionStore
  #config?: SessionConfig

  constructor(readonly app: Application) {}

  /** `config/session.ts` over the defaults (SESSION_DRIVER, REDIS_URL when the file leaves them out). */
  get config(): SessionConfig {
    if (!this.#config) {
      const given = this.app.config.get<Partial<SessionConfig>>('session', {})
      this.#config = {
        ...SESSION_DEFAULTS,
        driver: (process.env.SESSION_DRIVER as SessionConfig['driver'] | undefined) || SESSION_DEFAULTS.driver,
        ...given,
        redis: { ...SESSION_DEFAULTS.redis, url: process.env.REDIS_URL, ...given.redis },
      }
    }
    return this.#config
  }

  /** The app's clock (which a test app's `travel()` moves). */
  now(): number {
    return this.app.now()
  }

  /** The configured store, made on first use. */
  get store(): SessionStore {
    this.#store ??= this.#makeStore()
    return this.#store
  }

  /** Attributes of the session's cookies. */
  cookieOptions(): CookieOptions {
    const config = this.config
    return {
      httpOnly: true,
      sameSite: config.same_site,
      secure: config.secure ?? this.app.isProduction,
      path: config.path,
      domain: config.domain,
      maxAge: config.expire_on_close ? undefined : config.idle_lifetime * 60,
    }
  }

  /** The session the request's cookie names, if it is still alive; otherwise an empty one, not started. */
  async load(cookies: CookieJar): Promise<Session> {
    const id = cookies.get<string>(this.config.cookie)
    if (typeof id === 'string') {
      const stored = await this.store.read(storageKey(id), cookies)
      if (stored && !this.#expired(stored)) return new Session({ id, session: stored }, () => this.now())
      if (stored) await this.store.destroy(storageKey(id), cookies)
    }
    return new Session(undefined, () => this.now())
  }

  /**
   * Ends the request's use of the session: ages flashed values, writes the store and sets the
   * cookie if anything changed (or once a minute, to keep the idle lifetime), and forgets ids
   * replaced by regenerate/invalidate. A session never started leaves no trace. `xsrf` also sets
   * the `XSRF-TOKEN` cookie that scripts echo in `X-XSRF-TOKEN`.
   */
  async commit(session: Session, cookies: CookieJar, options: { xsrf?: boolean } = {}): Promise<void> {
    const config = this.config
    for (const id of session.replacedIds) await this.store.destroy(storageKey(id), cookies)
    if (!session.started) {
      if (cookies.has(config.cookie)) cookies.delete(config.cookie, { path: config.path, domain: config.domain })
      return
    }
    if (options.xsrf) {
      cookies.set('XSRF-TOKEN', session.token, { ...this.cookieOptions(), httpOnly: false, encrypted: false })
    }
    session.ageFlashData()
    const id = session.id as string
    const due = session.lastActivity === undefined || this.now() - session.lastActivity >= TOUCH_EVERY_MS
    // Unchanged and touched less than a minute ago: the browser's cookies (their max-age set at
    // that touch) and the store stay as they are, so a read-only request encrypts nothing.
    if (!session.dirty && session.existed && !due) return
    await this.store.write(storageKey(id), session.toStored(), cookies)
    session.markSaved()
    await this.#lottery()
    cookies.set(config.cookie, id, this.cookieOptions())
  }

  /** Deletes expired sessions; gives how many (stores that expire by themselves give 0). */
  prune(): Promise<number> {
    const now = this.now()
    return this.store.prune(now - this.config.idle_lifetime * 60_000, now - this.config.absolute_lifetime * 60_000)
  }

  /** Closes the store's connections. */
  async close(): Promise<void> {
    await this.#store?.close()
    this.#store = undefined
  }

  #expired(stored: { lastActivity: number; createdAt: number }): boolean {
    const now = this.now()
    return now - stored.lastActivity > this.config.idle_lifetime * 60_000 || now - stored.createdAt > this.config.absolute_lifetime * 60_000
  }

  async #lottery(): Promise<void> {
    const [chances, outOf] = this.config.lottery
    if (chances > 0 && randomInt(outOf) < chances) await this.prune()
  }

  #makeStore(): SessionStore {
    const config = this.config
    switch (config.driver) {
      case 'database':
        return new DatabaseStore(this.app, config.table)
      case 'cookie':
        return new CookieStore(config.cookie, () => this.cookieOptions())
      case 'redis':
        return new RedisStore(config.redis.url ?? 'redis://127.0.0.1:6379', config.redis.prefix, () => config.idle_lifetime * 60_000)
      case 'memory':
        if (this.app.isProduction) {
          throw sessionErrors.E_SESSION_DRIVER(
            'The memory session driver keeps sessions in one process and loses them on restart: refused in production',
            {
              hint: 'Set SESSION_DRIVER to database, redis or cookie.',
            },
          )
        }
        return new MemoryStore()
      default:
        throw sessionErrors.E_SESSION_DRIVER(`Unknown session driver "${String(config.driver)}"`, {
          hint: 'Set SESSION_DRIVER (or driver in config/session.ts) to database, cookie, redis or memory.',
        })
    }
  }
}

/**
 * The key a session is stored under: a SHA-256 of its id, so that reading the sessions table or
 * Redis gives nothing that could be sent back as a session cookie.
 */
export function storageKey(id: string): string {
  return createHash('sha256').update(id).digest('base64url')
}
