import type { HttpContext, Session } from 'mortar'
import { type AccessToken, accessTokens, tokenCan } from './access_tokens.js'
import { rememberTokens } from './remember_tokens.js'
import { digest } from './secrets.js'
import { type User, users } from './users.js'

/** The session key holding the signed-in user's id. */
export const SESSION_KEY = 'auth_user_id'
/** The session key holding the page a guest asked for before being sent to log in. */
export const INTENDED_KEY = 'auth_intended'
/** The session key holding a fingerprint of the password the user logged in with. */
export const PASSWORD_KEY = 'auth_password'
/** The cookie of a "remember me" login (encrypted, HttpOnly). */
export const REMEMBER_COOKIE = 'remember_token'

/**
 * `ctx.auth`: who is making the request. A user is found, in order, by an
 * `Authorization: Bearer <id>|<secret>` personal access token, by the session, or by a
 * "remember me" cookie (which signs them in to a new session). Made once per request, on first use.
 *
 * @example
 * if (await ctx.auth.check()) return ctx.json({ data: ctx.auth.user })
 * await ctx.auth.login(user, { remember: true })
 * await ctx.auth.logout()
 */
export class Auth {
  #user: User | undefined
  #token: AccessToken | undefined
  #loading: Promise<User | undefined> | undefined
  #viaRemember = false

  constructor(readonly ctx: HttpContext) {}

  /** The signed-in user, once `check()` (or the `auth` middleware) has looked; undefined for a guest. */
  get user(): User | undefined {
    return this.#user
  }

  /** The signed-in user's id. */
  get id(): number | undefined {
    return this.#user?.id
  }

  /** The personal access token the request came with, if it came with one. */
  get token(): AccessToken | undefined {
    return this.#token
  }

  /** Whether this request signed the user in again from a "remember me" cookie. */
  get viaRemember(): boolean {
    return this.#viaRemember
  }

  /** Whether someone is signed in (looks them up the first time). */
  async check(): Promise<boolean> {
    return (await this.authenticate()) !== undefined
  }

  /** The signed-in user, looked up once per request; undefined for a guest. */
  authenticate(): Promise<User | undefined> {
    this.#loading ??= this.#find().then((user) => (this.#user = user))
    return this.#loading
  }

  /**
   * Whether the request may do `ability`: a token must list it (or `*`); a user signed in through
   * the session may do everything.
   */
  can(ability: string): boolean {
    if (this.#token) return tokenCan(this.#token, ability)
    return this.#user !== undefined
  }

  /**
   * Signs the user in: a new session id (so a session id planted before login is worthless), and
   * with `remember` a cookie that signs them in again after the session ends.
   */
  async login(user: User, options: { remember?: boolean } = {}): Promise<void> {
    const session = this.ctx.session
    await session.regenerate()
    session.put({ [SESSION_KEY]: user.id, [PASSWORD_KEY]: passwordFingerprint(user) })
    if (options.remember) {
      const { value, maxAge } = await rememberTokens.create(user.id)
      this.ctx.cookies.set(REMEMBER_COOKIE, value, { maxAge })
    }
    this.#user = user
    this.#loading = Promise.resolve(user)
  }

  /** Keeps this session signed in after the user changed their password (other sessions end). */
  passwordChanged(user: User): void {
    this.ctx.session.put(PASSWORD_KEY, passwordFingerprint(user))
    this.#user = user
  }

  /** Signs out: forgets the "remember me" token and ends the session (new id, no data, new CSRF token). */
  async logout(): Promise<void> {
    await rememberTokens.forget(this.ctx.cookies.get(REMEMBER_COOKIE))
    this.ctx.cookies.delete(REMEMBER_COOKIE)
    await this.ctx.session.invalidate()
    this.#user = undefined
    this.#token = undefined
    this.#loading = Promise.resolve(undefined)
  }

  async #find(): Promise<User | undefined> {
    const header = this.ctx.header('authorization')
    if (header !== undefined && /^bearer\s/i.test(header)) {
      const token = await accessTokens.verify(header.slice(7).trim())
      const user = token ? await users.find(token.user_id) : undefined
      if (user) this.#token = token
      return user
    }
    const session = sessionOf(this.ctx)
    if (!session) return undefined
    const id = session.get<number>(SESSION_KEY)
    if (typeof id === 'number') {
      const user = await users.find(id)
      // A session opened with a password changed since (on another device, or by a reset) ends.
      const fingerprint = session.get<string>(PASSWORD_KEY)
      if (user && (fingerprint === undefined || fingerprint === passwordFingerprint(user))) return user
      session.forget(SESSION_KEY)
      session.forget(PASSWORD_KEY)
      if (user) return undefined
    }
    const cookie = this.ctx.cookies.get(REMEMBER_COOKIE)
    if (cookie === undefined) return undefined
    const rememberedId = await rememberTokens.userId(cookie)
    const user = rememberedId === undefined ? undefined : await users.find(rememberedId)
    if (!user) {
      this.ctx.cookies.delete(REMEMBER_COOKIE)
      return undefined
    }
    await session.regenerate()
    session.put({ [SESSION_KEY]: user.id, [PASSWORD_KEY]: passwordFingerprint(user) })
    this.#viaRemember = true
    return user
  }
}

/** A short digest of the user's password hash: it changes whenever the password does. */
function passwordFingerprint(user: User): string {
  return digest(user.password).slice(0, 24)
}

/** The request's session, or undefined on a route without the session middleware (the `api` group). */
export function sessionOf(ctx: HttpContext): Session | undefined {
  try {
    return ctx.session
  } catch {
    return undefined
  }
}
