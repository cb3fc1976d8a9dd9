import type { Application } from '../app/application.js'
import { bootTestApp } from '../app/boot.js'
import { runWithApp } from '../app/current.js'
import { BUILTIN_COMMANDS } from '../console/builtins.js'
import { reportFailure } from '../console/entry.js'
import { consoleErrors } from '../console/errors.js'
import { captureOutput } from '../console/output.js'
import { runCommandClass } from '../console/runner.js'
import { Migrator } from '../database/index.js'
import { CookieJar } from '../http/cookies.js'
import { httpErrors } from '../http/errors.js'
import { CraftResult } from './craft_result.js'
import { TestCookies } from './test_cookies.js'
import { createTestDatabase, type TestDatabase } from './test_database.js'
import { TestMail } from './test_mail.js'
import { TestResponse } from './test_response.js'

/** Options of `createTestApp()`. */
export interface TestAppOptions {
  /** The application folder, e.g. `new URL('../integrations/', import.meta.url)`. */
  root: string | URL
  /** Config values set over the app's (dotted keys). */
  config?: Record<string, unknown>
  /** Run the migrations of the app and its packages on the fresh database first (default true). */
  migrate?: boolean
  /**
   * Check CSRF tokens as in production (default false: like Laravel, a test app's POSTs pass the
   * `csrf` middleware, so tests of a form need no token; turn it on to test the check itself).
   */
  csrf?: boolean
  /** Follow redirects in every request (default false; each request can say otherwise). */
  followRedirects?: boolean
}

/** A request body and headers for the request helpers. */
export interface RequestOptions {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown
  /** Sent as an urlencoded form. */
  form?: Record<string, string>
  body?: BodyInit
  headers?: Record<string, string>
  /** Follow redirects (GET after a 301, 302 or 303; the same method after a 307 or 308), up to 10. */
  followRedirects?: boolean
  /** Send the test app's cookies (default true). */
  cookies?: boolean
}

/**
 * An application booted for tests, with its own fresh database (SQLite temp file, or a PostgreSQL
 * schema when the suite runs on PostgreSQL), in-process requests and a `craft` runner.
 *
 * @example
 * const app = await createTestApp({ root: new URL('../integrations/', import.meta.url) })
 * ;(await app.get('/')).assertOk().assertSee('Welcome')
 * ;(await app.post('/api/posts', { json: { title: 'Hi' } })).assertCreated()
 * ;(await app.craft('blog:import', ['posts.csv'])).assertSuccess().assertOutputContains('Imported')
 * await app.close()
 */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const database = await createTestDatabase()
  let booted: TestApp | undefined
  try {
    const app = await bootTestApp({
      root: options.root,
      config: { database: database.config, 'mail.driver': 'memory', 'session.csrf': options.csrf ?? false, ...options.config },
    })
    booted = new TestApp(app, database, options.followRedirects ?? false)
    if (options.migrate !== false)
      await runWithApp(app, async () => new Migrator(app.database, await app.allMigrationSources(), { importer: app.importer }).migrate())
    return booted
  } catch (error) {
    // A failed migration leaves a booted app: shut it down too, or its pool keeps the tests running.
    await (booted ? booted.close() : database.dispose())
    throw error
  }
}

/**
 * See `createTestApp()`. Requests share a cookie jar, as a browser's do, so a session started by
 * one request is there for the next.
 *
 * Packages add helpers with `TestApp.extend()` (what `@mortar/auth` does for `actingAs`), typed
 * by declaration merging:
 *
 * @example
 * declare module 'mortar/testing' {
 *   interface TestApp { actingAs(user: { id: number }): Promise<TestApp> }
 * }
 * TestApp.extend('actingAs', async function (this: TestApp, user: { id: number }) {
 *   await this.withSession({ user_id: user.id })
 *   return this
 * })
 */
export class TestApp {
  /** The mail this app sent (memory driver): `sent()`, `assertSent({ to, subject })`, `assertNothingSent()`. */
  readonly mail: TestMail
  /** The cookies the app has set, sent with each request. */
  readonly cookies = new TestCookies()

  constructor(
    readonly app: Application,
    readonly database: TestDatabase,
    readonly followRedirects = false,
  ) {
    this.mail = new TestMail(app)
  }

  /**
   * Adds a method to every test app (a package's test helper). A name TestApp already has is
   * E_CONTEXT_EXTENSION.
   */
  static extend(name: string, method: (this: TestApp, ...args: any[]) => unknown): void {
    if (name in TestApp.prototype && !extended.has(name)) {
      throw httpErrors.E_CONTEXT_EXTENSION(`TestApp.${name} is part of mortar/testing and cannot be replaced by an extension`)
    }
    extended.add(name)
    Object.defineProperty(TestApp.prototype, name, { value: method, configurable: true, writable: true })
  }

  #withoutCsrf = false

  /**
   * Sends the next request's `form` without the session's CSRF token (to test the 419 the app
   * answers then, with `createTestApp({ csrf: true })`).
   *
   * @example
   * ;(await app.withoutCsrf().post('/contact', { form: { email: 'a@b.c' } })).assertStatus(419)
   */
  withoutCsrf(): this {
    this.#withoutCsrf = true
    return this
  }

  /**
   * Sends a request in-process and reads the answer. A `form` sent with POST, PUT, PATCH or
   * DELETE carries the session's CSRF token as `_token` (unless it has one, or `withoutCsrf()`).
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const withoutCsrf = this.#withoutCsrf
    this.#withoutCsrf = false
    if (options.form && !withoutCsrf && !('_token' in options.form) && method.toUpperCase() !== 'GET' && method.toUpperCase() !== 'HEAD') {
      options = { ...options, form: { ...options.form, _token: await this.csrfToken() } }
    }
    let response = await this.#send(method, path, options)
    let hops = 0
    while ((options.followRedirects ?? this.followRedirects) && response.status >= 300 && response.status < 400 && hops < 10) {
      const location = response.headers.get('location')
      if (!location) break
      const next = new URL(location, new URL(response.path, 'http://127.0.0.1'))
      if (next.origin !== 'http://127.0.0.1') break
      const keep = response.status === 307 || response.status === 308
      response = await this.#send(keep ? method : 'GET', `${next.pathname}${next.search}`, keep ? options : { headers: options.headers })
      hops++
    }
    return response
  }

  async #send(method: string, path: string, options: RequestOptions): Promise<TestResponse> {
    const headers = new Headers(options.headers)
    if (options.cookies !== false && !headers.has('cookie') && this.cookies.size > 0) headers.set('cookie', this.cookies.header())
    let body = options.body
    if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      if (!headers.has('content-type')) headers.set('content-type', 'application/json')
      if (!headers.has('accept')) headers.set('accept', 'application/json')
    } else if (options.form) {
      body = new URLSearchParams(options.form).toString()
      headers.set('content-type', 'application/x-www-form-urlencoded')
    }
    const url = new URL(path, 'http://127.0.0.1')
    const response = await this.app.fetch(new Request(url, { method, headers, body }))
    if (options.cookies !== false) this.cookies.receive(response.headers.getSetCookie())
    const session = this.cookies.has(this.app.sessions.config.cookie) ? await this.session() : undefined
    return new TestResponse(response, await response.text(), method, path, session)
  }

  /** The values in the session the test app's cookies name (empty without one); Mortar's own keys left out. */
  async session(): Promise<Record<string, unknown>> {
    const { session } = await this.#openSession()
    return session.all()
  }

  /** Puts values in the test app's session (starting one), as if earlier requests had. */
  async withSession(values: Record<string, unknown>): Promise<this> {
    const { session, jar } = await this.#openSession()
    session.put(values)
    await this.app.sessions.commit(session, jar)
    this.cookies.receive(jar.queued())
    return this
  }

  /** A valid CSRF token for the test app's session (starting one): send it as `_token` or `X-CSRF-TOKEN`. */
  async csrfToken(): Promise<string> {
    const { session, jar } = await this.#openSession()
    const token = session.token
    await this.app.sessions.commit(session, jar)
    this.cookies.receive(jar.queued())
    return token
  }

  /**
   * Moves the app's clock forward (`app.now()`): session lifetimes, rate-limit windows and what
   * packages time with it pass without waiting.
   */
  travel(milliseconds: number): this {
    this.app.travel(milliseconds)
    return this
  }

  async #openSession() {
    const jar = new CookieJar(this.app, this.cookies.header())
    return { jar, session: await this.app.sessions.load(jar) }
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, options)
  }

  post(path: string, options?: RequestOptions) {
    return this.request('POST', path, options)
  }

  put(path: string, options?: RequestOptions) {
    return this.request('PUT', path, options)
  }

  patch(path: string, options?: RequestOptions) {
    return this.request('PATCH', path, options)
  }

  delete(path: string, options?: RequestOptions) {
    return this.request('DELETE', path, options)
  }

  /** Runs a craft command in-process against this app and captures its output and exit code. */
  async craft(name: string, args: string[] = []): Promise<CraftResult> {
    const output = captureOutput()
    let exitCode: number
    try {
      const builtin = BUILTIN_COMMANDS[name]
      const command = builtin ? await builtin.load() : this.app.commands.get(name)?.command
      if (!command) throw consoleErrors.E_COMMAND_NOT_FOUND(name)
      exitCode = await runCommandClass(command, args, { output, root: this.app.root, app: this.app, interactive: false })
    } catch (error) {
      reportFailure(error, output, false)
      exitCode = 1
    }
    return new CraftResult([name, ...args].join(' '), exitCode, output.out, output.err)
  }

  /** A config value of the app. */
  config<T = unknown>(key: string, fallback?: T): T {
    return this.app.config.get<T>(key, fallback)
  }

  /** The app's Kysely instance (its fresh test database). */
  db() {
    return this.app.database.kysely
  }

  /** Shuts the app down and drops its database. */
  async close(): Promise<void> {
    try {
      await this.app.shutdown()
    } finally {
      await this.database.dispose()
    }
  }
}

const extended = new Set<string>()
