/**
 * The cookies a test app keeps between requests, as a browser would: each `Set-Cookie` of an
 * answer adds, replaces or (expired) removes one. Path and domain are not considered: the test app
 * talks to one host. A test app's `cookies`.
 *
 * @example
 * await app.get('/cookie/set')
 * app.cookies.get('theme')          // the raw (encrypted) value
 * app.cookies.set('theme', 'forged') // sent with the next request
 * app.cookies.clear()                // a new visitor
 */
export class TestCookies {
  readonly #values = new Map<string, string>()

  get size(): number {
    return this.#values.size
  }

  has(name: string): boolean {
    return this.#values.has(name)
  }

  get(name: string): string | undefined {
    return this.#values.get(name)
  }

  /** Sets a cookie as a browser would after a `Set-Cookie` (the value as sent, URL-encoded). */
  set(name: string, value: string): void {
    this.#values.set(name, value)
  }

  delete(name: string): void {
    this.#values.delete(name)
  }

  clear(): void {
    this.#values.clear()
  }

  /** Takes in the `Set-Cookie` lines of an answer. */
  receive(lines: readonly string[]): void {
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      if (index <= 0) continue
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((attribute) => {
        const [key = '', raw = ''] = attribute.trim().split('=')
        if (key.toLowerCase() === 'max-age') return Number(raw) <= 0
        if (key.toLowerCase() === 'expires') return Date.parse(raw) <= Date.now()
        return false
      })
      if (expired) this.#values.delete(name)
      else this.#values.set(name, value)
    }
  }

  /** The `Cookie` header a request carries. */
  header(): string {
    return [...this.#values].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}
