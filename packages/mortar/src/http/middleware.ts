import { MortarError } from '../errors.js'
import type { HttpContext } from './context.js'
import type { MiddlewareReference } from './route.js'

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
export type Middleware = ((ctx: HttpContext, next: Next) => unknown) & {
  /** Named middleware that must run before this one, whatever the order of the route's list: `['session']`. */
  needs?: readonly string[]
}

/** Options of `app.middleware.alias()`. */
export interface AliasOptions {
  /** Named middleware that must run before this one (`['session']` for one that reads `ctx.session`). */
  needs?: readonly string[]
}

/**
 * Named middleware and middleware groups. `web` and `api` always exist: routes in the `api` group
 * answer errors as JSON, the others as HTML.
 *
 * Some middleware must run before others whatever order a route lists them in (as Laravel's
 * `$middlewarePriority`): `session` before `csrf` and before any middleware that declares it
 * `needs` the session. Those are reordered among themselves; the rest keep their places.
 *
 * @example
 * app.middleware.alias('auth', requireUser, { needs: ['session'] })
 * app.middleware.group('web', ['session', 'csrf'])   // appended to the web group
 */
export class MiddlewareRegistry {
  readonly #aliases = new Map<string, Middleware>()
  readonly #needs = new Map<Middleware, readonly string[]>()
  #priority: string[] = ['session', 'csrf']
  readonly #groups = new Map<string, MiddlewareReference[]>([
    ['web', []],
    ['api', []],
  ])

  alias(name: string, middleware: Middleware, options: AliasOptions = {}): this {
    this.#aliases.set(name, middleware)
    if (options.needs) this.#needs.set(middleware, options.needs)
    return this
  }

  /** The declared order of named middleware (default `['session', 'csrf']`); names added here run in this order. */
  priority(names?: string[]): string[] {
    if (names) this.#priority = [...names]
    return [...this.#priority]
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

  /** Expands names and groups into the functions to run, in order, the prioritised ones in their declared order. */
  resolve(references: readonly MiddlewareReference[], where: string): Middleware[] {
    return this.#prioritize(this.#expand(references, where, new Set()))
  }

  /**
   * Sorts the middleware that have a rank (named in the priority list, or needing one that is)
   * among the places they hold, stably; the others stay where they are.
   */
  #prioritize(expanded: Middleware[]): Middleware[] {
    // A prioritised middleware listed twice (by the web group and by the route) runs once.
    const ranked = new Set(this.#priority.map((name) => this.#aliases.get(name)))
    const list = expanded.filter((middleware, index) => !ranked.has(middleware) || expanded.indexOf(middleware) === index)
    const rank = (middleware: Middleware): number | undefined => {
      const named = this.#priority.findIndex((name) => this.#aliases.get(name) === middleware)
      if (named >= 0) return named
      const needs = this.#needs.get(middleware) ?? middleware.needs
      if (!needs?.length) return undefined
      const after = Math.max(...needs.map((name) => this.#priority.indexOf(name)))
      return after >= 0 ? after + 0.5 : undefined
    }
    const slots = list.flatMap((middleware, index) => {
      const value = rank(middleware)
      return value === undefined ? [] : [{ index, middleware, value }]
    })
    if (slots.length < 2) return list
    const sorted = [...slots].sort((a, b) => a.value - b.value || a.index - b.index)
    const result = [...list]
    slots.forEach((slot, position) => {
      result[slot.index] = (sorted[position] as { middleware: Middleware }).middleware
    })
    return result
  }

  #expand(references: readonly MiddlewareReference[], where: string, seen: Set<string>): Middleware[] {
    const result: Middleware[] = []
    for (const reference of references) {
      if (typeof reference === 'function') {
        result.push(reference)
        continue
      }
      const group = this.#groups.get(reference)
      if (group) {
        if (seen.has(reference)) continue
        result.push(...this.#expand(group, where, new Set([...seen, reference])))
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
