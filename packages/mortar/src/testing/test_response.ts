import { AssertionError } from 'node:assert'
import { isDeepStrictEqual } from 'node:util'
import { escapeHtml } from '../support/html.js'
import { ERRORS_KEY } from '../validation/old_input.js'

/**
 * A response from a test app, its body already read, with chainable assertions that throw
 * ordinary `AssertionError`s (so they work under node:test or any other runner).
 *
 * @example
 * ;(await app.get('/posts/1')).assertOk().assertSee('Hello')
 */
export class TestResponse {
  constructor(
    readonly response: Response,
    /** The body as text. */
    readonly text: string,
    readonly method: string,
    readonly path: string,
    /** The session's values after this request (undefined when the app holds no session cookie). */
    readonly session?: Record<string, unknown>,
  ) {}

  get status(): number {
    return this.response.status
  }

  get headers(): Headers {
    return this.response.headers
  }

  /** The body parsed as JSON. */
  json<T = any>(): T {
    try {
      return JSON.parse(this.text) as T
    } catch {
      throw this.#fail(`Expected a JSON body from ${this.method} ${this.path}`, 'JSON', this.text.slice(0, 500))
    }
  }

  assertStatus(status: number): this {
    if (this.status !== status) {
      throw this.#fail(`Expected status ${status} from ${this.method} ${this.path}, got ${this.status}`, status, this.status)
    }
    return this
  }

  assertOk(): this {
    return this.assertStatus(200)
  }

  assertCreated(): this {
    return this.assertStatus(201)
  }

  assertNoContent(): this {
    return this.assertStatus(204)
  }

  assertNotFound(): this {
    return this.assertStatus(404)
  }

  assertForbidden(): this {
    return this.assertStatus(403)
  }

  /** A 3xx answer, to `location` when given (a path matches the same path on this host). */
  assertRedirect(location?: string): this {
    if (this.status < 300 || this.status >= 400)
      throw this.#fail(`Expected a redirect from ${this.method} ${this.path}, got ${this.status}`, '3xx', this.status)
    if (location !== undefined) {
      const actual = this.headers.get('location')
      const base = 'http://127.0.0.1'
      if (actual === null || new URL(actual, base).href !== new URL(location, base).href) {
        throw this.#fail(`Expected ${this.method} ${this.path} to redirect to ${location}`, location, actual)
      }
    }
    return this
  }

  /** The answer sets the cookie (not a deletion). */
  assertCookie(name: string): this {
    const line = this.headers.getSetCookie().find((line) => line.startsWith(`${name}=`))
    if (!line || /;\s*max-age=0/i.test(line)) {
      throw this.#fail(`Expected ${this.method} ${this.path} to set the cookie ${name}`, name, this.headers.getSetCookie())
    }
    return this
  }

  /** The answer sets no such cookie. */
  assertCookieMissing(name: string): this {
    const line = this.headers.getSetCookie().find((line) => line.startsWith(`${name}=`))
    if (line && !/;\s*max-age=0/i.test(line))
      throw this.#fail(`Expected ${this.method} ${this.path} not to set the cookie ${name}`, 'none', line)
    return this
  }

  /** After this request the session holds `key` (equal to `value` when given). */
  assertSessionHas(key: string, value?: unknown): this {
    const values = this.session ?? {}
    if (!(key in values) || (value !== undefined && !isDeepStrictEqual(values[key], value))) {
      throw this.#fail(`Expected the session after ${this.method} ${this.path} to hold ${key}`, value ?? '(present)', values[key])
    }
    return this
  }

  /**
   * After this request the session holds validation errors for these fields (a form sent back by
   * `ctx.validate()`): a list of fields, or fields with text one of their messages contains.
   *
   * @example
   * ;(await app.post('/contact', { form: { email: 'nope' } })).assertRedirect('/contact').assertSessionHasErrors(['email'])
   */
  assertSessionHasErrors(fields: string[] | Record<string, string>): this {
    const errors = (this.session?.[ERRORS_KEY] ?? {}) as Record<string, string[]>
    const expected = Array.isArray(fields) ? Object.fromEntries(fields.map((field) => [field, ''])) : fields
    for (const [field, text] of Object.entries(expected)) {
      const messages = errors[field]
      if (!messages?.length) {
        throw this.#fail(`Expected the session after ${this.method} ${this.path} to hold errors for "${field}"`, field, Object.keys(errors))
      }
      if (!messages.some((message) => message.toLowerCase().includes(text.toLowerCase()))) {
        throw this.#fail(
          `Expected an error for "${field}" containing ${JSON.stringify(text)} after ${this.method} ${this.path}`,
          text,
          messages,
        )
      }
    }
    return this
  }

  /** After this request the session holds no validation errors. */
  assertSessionHasNoErrors(): this {
    const errors = (this.session?.[ERRORS_KEY] ?? {}) as Record<string, string[]>
    if (Object.keys(errors).length > 0) throw this.#fail(`Expected no errors in the session after ${this.method} ${this.path}`, {}, errors)
    return this
  }

  /** After this request the session does not hold `key`. */
  assertSessionMissing(key: string): this {
    const values = this.session ?? {}
    if (key in values)
      throw this.#fail(`Expected the session after ${this.method} ${this.path} not to hold ${key}`, '(missing)', values[key])
    return this
  }

  /** The body contains `text`, as it is or HTML-escaped. */
  assertSee(text: string): this {
    if (!this.text.includes(text) && !this.text.includes(escapeHtml(text))) {
      throw this.#fail(`Expected ${this.method} ${this.path} to contain ${JSON.stringify(text)}`, text, this.text.slice(0, 2000))
    }
    return this
  }

  assertDontSee(text: string): this {
    if (this.text.includes(text))
      throw this.#fail(
        `Expected ${this.method} ${this.path} not to contain ${JSON.stringify(text)}`,
        `no ${text}`,
        this.text.slice(0, 2000),
      )
    return this
  }

  /** The JSON body contains `expected` (objects compared as subsets, recursively). */
  /**
   * A 422 JSON answer of `ctx.validate()` with errors for these fields: a list of field names, or
   * fields with text each field's message must contain.
   *
   * @example
   * response.assertInvalid(['email'])
   * response.assertInvalid({ email: 'required', 'items.0.name': 'string' })
   */
  assertInvalid(fields: string[] | Record<string, string>): this {
    this.assertStatus(422)
    const errors = (this.json<{ errors?: Record<string, string[]> }>().errors ?? {}) as Record<string, string[]>
    const expected = Array.isArray(fields) ? Object.fromEntries(fields.map((field) => [field, ''])) : fields
    for (const [field, text] of Object.entries(expected)) {
      const messages = errors[field]
      if (!messages?.length) {
        throw this.#fail(`Expected a validation error for "${field}" from ${this.method} ${this.path}`, field, Object.keys(errors))
      }
      if (!messages.some((message) => message.toLowerCase().includes(text.toLowerCase()))) {
        throw this.#fail(
          `Expected an error for "${field}" containing ${JSON.stringify(text)} from ${this.method} ${this.path}`,
          text,
          messages,
        )
      }
    }
    return this
  }

  /** No validation errors for these fields (or none at all): the answer is not a 422 naming them. */
  assertValid(fields?: string[]): this {
    if (this.status !== 422) return this
    const errors = this.json<{ errors?: Record<string, string[]> }>().errors ?? {}
    const named = (fields ?? Object.keys(errors)).filter((field) => errors[field]?.length)
    if (named.length > 0) throw this.#fail(`Expected no validation errors from ${this.method} ${this.path}`, {}, errors)
    return this
  }

  assertJson(expected: unknown): this {
    const actual = this.json()
    if (!isSubset(expected, actual))
      throw this.#fail(`Expected the JSON of ${this.method} ${this.path} to contain the given values`, expected, actual)
    return this
  }

  /** The JSON value at a dotted path (`data.0.title`) equals `expected`. */
  assertJsonPath(path: string, expected: unknown): this {
    let current: any = this.json()
    for (const part of path.split('.')) current = current?.[part]
    if (!isDeepStrictEqual(current, expected))
      throw this.#fail(`Expected JSON at "${path}" of ${this.method} ${this.path} to equal`, expected, current)
    return this
  }

  /** A header is present, and equals `value` when given. */
  assertHeader(name: string, value?: string): this {
    const actual = this.headers.get(name)
    if (actual === null || (value !== undefined && actual !== value)) {
      throw this.#fail(
        `Expected header ${name}${value === undefined ? '' : ` = ${value}`} from ${this.method} ${this.path}`,
        value ?? '(present)',
        actual,
      )
    }
    return this
  }

  #fail(message: string, expected: unknown, actual: unknown): AssertionError {
    return new AssertionError({ message, expected, actual, operator: 'assert' })
  }
}

function isSubset(expected: unknown, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') return false
    return Object.entries(expected).every(([key, value]) => isSubset(value, (actual as Record<string, unknown>)[key]))
  }
  return isDeepStrictEqual(expected, actual)
}
