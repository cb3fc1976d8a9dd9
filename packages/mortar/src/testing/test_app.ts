import { Application } from '../app/application.js'
import { runWithApp } from '../app/current.js'
import { BUILTIN_COMMANDS } from '../console/builtins.js'
import { reportFailure } from '../console/entry.js'
import { captureOutput } from '../console/output.js'
import { runCommandClass } from '../console/runner.js'
import { Migrator } from '../database/index.js'
import { MortarError } from '../errors.js'
import { useTypeScriptLoader } from '../support/import_file.js'
import { CraftResult } from './craft_result.js'
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
}

/** A request body and headers for the request helpers. */
export interface RequestOptions {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown
  /** Sent as an urlencoded form. */
  form?: Record<string, string>
  body?: BodyInit
  headers?: Record<string, string>
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
  await useTypeScriptLoader()
  const database = await createTestDatabase()
  let booted: TestApp | undefined
  try {
    const app = await Application.create({
      root: options.root,
      environment: 'test',
      mode: 'console',
      config: { database: database.config, 'mail.driver': 'memory', ...options.config },
    })
    await app.boot()
    booted = new TestApp(app, database)
    if (options.migrate !== false) await runWithApp(app, async () => new Migrator(app.database, await app.allMigrationSources()).migrate())
    return booted
  } catch (error) {
    // A failed migration leaves a booted app: shut it down too, or its pool keeps the tests running.
    await (booted ? booted.close() : database.dispose())
    throw error
  }
}

/** See `createTestApp()`. */
export class TestApp {
  /** The mail this app sent (memory driver): `sent()`, `assertSent({ to, subject })`, `assertNothingSent()`. */
  readonly mail: TestMail

  constructor(
    readonly app: Application,
    readonly database: TestDatabase,
  ) {
    this.mail = new TestMail(app)
  }

  /** Sends a request in-process and reads the answer. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers = new Headers(options.headers)
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
    return new TestResponse(response, await response.text(), method, path)
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
      if (!command) throw new MortarError('E_COMMAND_NOT_FOUND', `Command "${name}" is not defined`)
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
