import type { HttpContext } from './context.js'
import { httpErrors } from './errors.js'
import type { MiddlewareReference } from './route.js'
import { type CompiledRoute, describeRoute, routeOwnerLabel } from './route_table.js'

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
  /** The package registering it (Mortar sets it for a package's `.middleware()`). */
  owner?: string
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
  /** The package that registered each named middleware (absent: the app). */
  readonly #owners = new Map<string, string>()
  readonly #groups = new Map<string, { reference: MiddlewareReference; owner?: string }[]>([
    ['web', []],
    ['api', []],
  ])

  /**
   * Names a middleware. `needs` lists named middleware that must run first (`['session']`).
   * `owner` is the package registering it: a name two packages (or a package and the app)
   * register is an error naming both; the app may re-register its own.
   */
  alias(name: string, middleware: Middleware, options: AliasOptions = {}): this {
    const { owner } = options
    const taken = this.#aliases.has(name) || (owner !== undefined && this.#groups.has(name))
    const other = this.#owners.get(name)
    if (taken && (owner !== undefined || other !== undefined) && owner !== other) {
      const first = this.#groups.has(name) && !this.#aliases.has(name) ? 'Mortar (a middleware group)' : ownerLabel(other)
      throw httpErrors.E_MIDDLEWARE_NAME_TAKEN(name, first, ownerLabel(owner))
    }
    this.#aliases.set(name, middleware)
    if (options.needs) this.#needs.set(middleware, options.needs)
    if (owner === undefined) this.#owners.delete(name)
    else this.#owners.set(name, owner)
    return this
  }

  /** The declared order of named middleware (default `['session', 'csrf']`); names added here run in this order. */
  priority(names?: string[]): string[] {
    if (names) this.#priority = [...names]
    return [...this.#priority]
  }

  /** Appends to a group (creating it if new); `owner` is the package appending, shown by `routes:list`. */
  group(name: string, middleware: MiddlewareReference[], owner?: string): this {
    this.#groups.set(name, [...(this.#groups.get(name) ?? []), ...middleware.map((reference) => ({ reference, owner }))])
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
      this.resolve(route.middleware, `${describeRoute(route)}${named} of ${routeOwnerLabel(route)}`)
    }
  }

  /**
   * How `craft routes:list` shows middleware: a group with what is in it (`web[session, honeypot
   * (honeypot)]`), a package's middleware with the package in parentheses, a function by its name.
   */
  listing(references: readonly MiddlewareReference[], seen = new Set<string>()): string {
    return references
      .map((reference) => {
        if (typeof reference === 'function') return reference.name || 'closure'
        const group = this.#groups.get(reference)
        if (group) {
          if (group.length === 0 || seen.has(reference)) return reference
          const inside = group.map(({ reference: member, owner }) => {
            const text = this.listing([member], new Set([...seen, reference]))
            return owner && !text.endsWith(`(${owner})`) ? `${text} (${owner})` : text
          })
          return `${reference}[${inside.join(', ')}]`
        }
        const owner = this.#owners.get(reference)
        return owner ? `${reference} (${owner})` : reference
      })
      .join(', ')
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
        result.push(
          ...this.#expand(
            group.map((entry) => entry.reference),
            where,
            new Set([...seen, reference]),
          ),
        )
        continue
      }
      const middleware = this.#aliases.get(reference)
      if (!middleware) {
        throw httpErrors.E_MIDDLEWARE_UNKNOWN(where, reference, this.names())
      }
      result.push(middleware)
    }
    return result
  }
}

function ownerLabel(owner: string | undefined): string {
  return owner === undefined ? 'the app' : `package "${owner}"`
}
