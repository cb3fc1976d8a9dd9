import { randomBytes } from 'node:crypto'

/** What a store keeps for one session. Times are milliseconds since the epoch. */
export interface StoredSession {
  data: Record<string, unknown>
  createdAt: number
  lastActivity: number
}

/** Keys Mortar keeps in the session for itself; `all()` leaves them out. */
const TOKEN = '_token'
const FLASH = '_flash'
const PREVIOUS_URL = '_previous_url'
const INTERNAL = new Set([TOKEN, FLASH, PREVIOUS_URL])

interface FlashBook {
  /** Flashed during this request: kept for the next one. */
  new: string[]
  /** Flashed during the previous request: readable now, dropped when this one ends. */
  old: string[]
}

/** A new random session id (240 bits, URL-safe). */
export function newSessionId(): string {
  return randomBytes(30).toString('base64url')
}

/** A new random CSRF token. */
export function newToken(): string {
  return randomBytes(30).toString('base64url')
}

/**
 * The visitor's session, as `ctx.session`. Reading never starts one: a session is started (and
 * its cookie set) only when something is put into it or its `token` is read, so visitors whose
 * pages use neither leave nothing in the store.
 *
 * @example
 * ctx.session.put('cart', [12, 14])
 * ctx.session.get<number[]>('cart', [])
 * ctx.session.flash('status', 'Saved')       // readable on the next request only
 * await ctx.session.regenerate()              // at login: new id, same data
 * await ctx.session.invalidate()              // at logout: new id, no data
 */
export class Session {
  #id?: string
  #data: Record<string, unknown>
  #createdAt?: number
  #snapshot: string
  /** Ids this request replaced (regenerate/invalidate): the store forgets them. */
  readonly replacedIds: string[] = []

  constructor(
    stored: { id: string; session: StoredSession } | undefined,
    /** The clock, in milliseconds (test apps can move it). */
    readonly now: () => number,
  ) {
    this.#id = stored?.id
    this.#data = stored ? { ...stored.session.data } : {}
    this.#createdAt = stored?.session.createdAt
    this.lastActivity = stored?.session.lastActivity
    /** True when the request came with a valid session. */
    this.existed = stored !== undefined
    this.#snapshot = JSON.stringify(this.#data)
  }

  /** True when the request came with a live session. */
  readonly existed: boolean
  /** When the store last saw this session (ms); undefined for a new one. */
  lastActivity?: number

  /** The session id; undefined until the session starts. */
  get id(): string | undefined {
    return this.#id
  }

  /** Whether the session exists (it came with the request, or something was put in it). */
  get started(): boolean {
    return this.#id !== undefined
  }

  get createdAt(): number | undefined {
    return this.#createdAt
  }

  /** Whether the data differs from what the store holds. */
  get dirty(): boolean {
    return JSON.stringify(this.#data) !== this.#snapshot
  }

  /** A value, or `fallback` when it is not set. */
  get<T = unknown>(key: string, fallback?: T): T {
    return (key in this.#data ? this.#data[key] : fallback) as T
  }

  /** Sets a value (or several from an object); starts the session. */
  put(key: string | Record<string, unknown>, value?: unknown): this {
    this.#start()
    if (typeof key === 'string') this.#data[key] = value
    else Object.assign(this.#data, key)
    return this
  }

  has(key: string): boolean {
    return this.#data[key] !== undefined && this.#data[key] !== null
  }

  /** Removes keys. */
  forget(...keys: string[]): this {
    for (const key of keys) {
      if (key in this.#data) {
        this.#start()
        delete this.#data[key]
      }
    }
    return this
  }

  /** A value, removed from the session. */
  pull<T = unknown>(key: string, fallback?: T): T {
    const value = this.get<T>(key, fallback)
    this.forget(key)
    return value
  }

  /** Every value the app put in (not Mortar's own keys such as the CSRF token). */
  all(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.#data).filter(([key]) => !INTERNAL.has(key)))
  }

  /** Adds `by` to a number (0 when unset) and gives the new value. */
  increment(key: string, by = 1): number {
    const value = Number(this.get(key, 0)) + by
    this.put(key, value)
    return value
  }

  /** Subtracts `by` from a number and gives the new value. */
  decrement(key: string, by = 1): number {
    return this.increment(key, -by)
  }

  /** Sets a value for the next request only (and this one). */
  flash(key: string, value: unknown): this {
    this.put(key, value)
    const book = this.#flashBook()
    book.new = [...new Set([...book.new, key])]
    book.old = book.old.filter((old) => old !== key)
    this.#data[FLASH] = book
    return this
  }

  /** Keeps every value flashed for this request for one more request (or only `keys`). */
  reflash(...keys: string[]): this {
    const book = this.#flashBook()
    const kept = keys.length > 0 ? book.old.filter((key) => keys.includes(key)) : book.old
    if (kept.length === 0) return this
    this.#start()
    this.#data[FLASH] = { new: [...new Set([...book.new, ...kept])], old: book.old.filter((key) => !kept.includes(key)) }
    return this
  }

  /**
   * A new id for the same data: call it at login, so an id an attacker planted before is worthless.
   * The old id is forgotten by the store when the request ends.
   */
  async regenerate(): Promise<void> {
    if (this.#id && this.existed) this.replacedIds.push(this.#id)
    this.#id = newSessionId()
    this.#createdAt ??= this.now()
    // A new id is a change: the store writes it even if no value changed.
    this.#snapshot = ''
  }

  /** A new id and no data (a new CSRF token too): call it at logout. */
  async invalidate(): Promise<void> {
    this.#data = { [TOKEN]: newToken() }
    await this.regenerate()
    this.#createdAt = this.now()
  }

  /** The CSRF token forms and scripts send back; reading it starts the session. */
  get token(): string {
    let token = this.#data[TOKEN]
    if (typeof token !== 'string') {
      token = newToken()
      this.put(TOKEN, token)
    }
    return token as string
  }

  /** The CSRF token if the session has one, without starting a session. */
  currentToken(): string | undefined {
    const token = this.#data[TOKEN]
    return typeof token === 'string' ? token : undefined
  }

  /** The last page (path and query) the visitor saw, recorded on GETs. */
  get previousUrl(): string | undefined {
    const url = this.#data[PREVIOUS_URL]
    return typeof url === 'string' ? url : undefined
  }

  /** Records the page just served (only for a session that came with the request: it starts none). */
  recordPreviousUrl(url: string): void {
    if (this.started && this.#data[PREVIOUS_URL] !== url) this.#data[PREVIOUS_URL] = url
  }

  /** At the end of a request: drops what was flashed the request before, keeps this request's flashes for the next. */
  ageFlashData(): void {
    const book = this.#data[FLASH] as FlashBook | undefined
    if (!book) return
    for (const key of book.old) delete this.#data[key]
    if (book.new.length === 0) delete this.#data[FLASH]
    else this.#data[FLASH] = { new: [], old: book.new }
  }

  /** What the store keeps. */
  toStored(): StoredSession {
    const now = this.now()
    return { data: this.#data, createdAt: this.#createdAt ?? now, lastActivity: now }
  }

  /** The store has what this session holds now. */
  markSaved(): void {
    this.#snapshot = JSON.stringify(this.#data)
  }

  #flashBook(): FlashBook {
    const book = this.#data[FLASH] as FlashBook | undefined
    return { new: [...(book?.new ?? [])], old: [...(book?.old ?? [])] }
  }

  #start(): void {
    if (this.#id) return
    this.#id = newSessionId()
    this.#createdAt = this.now()
    // Made with the session, so that later reading it (the XSRF-TOKEN cookie) changes nothing.
    this.#data[TOKEN] ??= newToken()
  }
}
