import type { MortarError } from '../../errors.js'
import type { CookieJar, CookieOptions } from '../../http/cookies.js'
import { httpErrors } from '../../http/errors.js'
import type { StoredSession } from '../session.js'
import type { SessionStore } from '../store.js'

/**
 * Sessions kept in the browser: the data, encrypted with the app key, in a second cookie
 * (`<cookie>_data`) beside the id. Nothing on the server; at most about 4 KB of data.
 */
export class CookieStore implements SessionStore {
  constructor(
    readonly cookieName: string,
    readonly options: () => CookieOptions,
  ) {}

  get #dataCookie(): string {
    return `${this.cookieName}_data`
  }

  async read(id: string, cookies: CookieJar): Promise<StoredSession | undefined> {
    const stored = cookies.get<StoredSession & { id: string }>(this.#dataCookie)
    if (!stored || stored.id !== id) return undefined
    return { data: stored.data, createdAt: stored.createdAt, lastActivity: stored.lastActivity }
  }

  async write(id: string, session: StoredSession, cookies: CookieJar): Promise<void> {
    try {
      cookies.set(this.#dataCookie, { id, ...session }, this.options())
    } catch (error) {
      if ((error as MortarError).code !== 'E_COOKIE_TOO_LARGE') throw error
      throw httpErrors.E_COOKIE_TOO_LARGE(`The session is too large for the cookie driver: ${(error as Error).message}`, {
        cause: error,
        hint: "Keep less in the session, or set SESSION_DRIVER to 'database' or 'redis'.",
      })
    }
  }

  async destroy(_id: string, cookies: CookieJar): Promise<void> {
    const { path, domain } = this.options()
    cookies.delete(this.#dataCookie, { path, domain })
  }

  async prune(): Promise<number> {
    // Each browser holds its own; an expired one is refused when read.
    return 0
  }

  async close(): Promise<void> {}
}
