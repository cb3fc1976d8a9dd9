import { MortarError } from '../errors.js'
import type { HttpContext } from './context.js'
import type { MiddlewareReference } from './route.js'
import { type CompiledRoute, describeRoute, describeSource } from './route_table.js'

/** Continues to the next middleware or the handler; resolves to the answer. */
export type Next = () => Promise<Response>

/**
 * A middleware runs around the handler: it may answer on its own, or call `next()` and change the
 * answer. Returning a plain value works as in handlers.
 *
 * @example
 * const timing: Middleware = async (ctx, next) => {
 *   const started = performance.now()
 *   const response = await next()
 *   response.headers.set('server-timing', `app;dur=${performance.now() - started}`)
 *   return response
 * }
 */
export type Middleware = (ctx: HttpContext, next: Next) => unknown

/**
 * Named middleware and middleware groups. `web` and `api` always exist: routes in the `api` group
 * answer errors as JSON, the others as HTML.
 *
 * @example
 * app.middleware.alias('auth', requireUser)
 * app.middleware.group('web', [sessions])   // appended to the web group
 */
export class MiddlewareRegistry {
  readonly #aliases = new Map<string, Middleware>()
  readonly #groups = new Map<string, MiddlewareReference[]>([
    ['web', []],
    ['api', []],
  ])

  alias(name: string, middleware: Middleware): this {
    this.#aliases.set(name, middleware)
    return this
  }

  /** Appends to a group (creating it if new). */
  group(name: string, middleware: MiddlewareReference[]): this {
    this.#groups.set(name, [...(this.#groups.get(name) ?? []), ...middleware])
    return this
  }

  isGroup(name: string): boolean {
    return this.#groups.has(name)
  }

  names(): string[] {
    return [...this.#aliases.keys(), ...this.#groups.keys()]
  }

  /**
   * Checks that every middleware the routes name is registered: `E_MIDDLEWARE_UNKNOWN` naming the
   * route, its name and file, and the middleware. Run when routes are loaded, so every command
   * that loads them fails, not only `serve`.
   */
  checkRoutes(routes: readonly CompiledRoute[]): void {
    for (const route of routes) {
      const named = route.name === undefined ? '' : ` (named "${route.name}")`
      this.resolve(route.middleware, `${describeRoute(route)}${named} of ${describeSource(route)}`)
    }
  }

  /** Expands names and groups into the functions to run, in order. */
  resolve(references: readonly MiddlewareReference[], where: string, seen = new Set<string>()): Middleware[] {
    const result: Middleware[] = []
    for (const reference of references) {
      if (typeof reference === 'function') {
        result.push(reference)
        continue
      }
      const group = this.#groups.get(reference)
      if (group) {
        if (seen.has(reference)) continue
        result.push(...this.resolve(group, where, new Set([...seen, reference])))
        continue
      }
      const middleware = this.#aliases.get(reference)
      if (!middleware) {
        throw new MortarError('E_MIDDLEWARE_UNKNOWN', `${where} uses middleware "${reference}", which is not registered`, {
          hint: `Registered: ${this.names().join(', ')}. Register it with app.middleware.alias() in a provider.`,
        })
      }
      result.push(middleware)
    }
    return result
  }
}
