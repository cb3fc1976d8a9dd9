import { httpErrors } from './errors.js'
import { type HttpMethod, type MiddlewareReference, RouteDefinition, RouteGroup, type RouteHandler, type RouteItem } from './route.js'

/** Where a route came from: the app, or a package by name. */
export type RouteOwner = string

/** A route after its groups are applied: what the HTTP kernel compiles and `routes:list` shows. */
export interface CompiledRoute {
  methods: readonly HttpMethod[]
  path: string
  name?: string
  /** The name as the route file wrote it, before a mount's name prefix (see `url()`). */
  localName?: string
  handler: RouteHandler
  middleware: MiddlewareReference[]
  /** `app` or a package name. */
  owner: RouteOwner
  /** The route file it came from, for error messages. */
  file?: string
  /** The largest body the route accepts, when it sets its own (see `RouteDefinition.bodyLimit()`). */
  bodyLimit?: number
}

/** How a list of route items is mounted. */
export interface MountOptions {
  owner: RouteOwner
  file?: string
  prefix?: string
  middleware?: MiddlewareReference[]
  namePrefix?: string
}

/**
 * Every route of the application. Adding a route whose method and path, or whose name, another
 * source already registered is an error naming both: there is never a silent winner.
 */
export class RouteTable {
  readonly #routes: CompiledRoute[] = []
  readonly #byName = new Map<string, CompiledRoute>()
  readonly #byKey = new Map<string, CompiledRoute>()

  /** Flattens route items (groups applied) and adds them. */
  mount(items: readonly RouteItem[], options: MountOptions): void {
    for (const route of flatten(items, options)) this.add(route)
  }

  add(route: CompiledRoute): void {
    // Hono's regular-expression router does not escape "|" outside a parameter's {regex}: such a
    // path would answer the wrong routes or throw on every request.
    if (route.path.replace(/\{[^}]*\}/g, '').includes('|')) {
      throw httpErrors.E_ROUTE_INVALID(`Route ${route.path} of ${routeOwnerLabel(route)} has a "|" outside a :param{regex}`, {
        hint: 'Use two routes, or a parameter with a pattern such as /:kind{a|b}.',
      })
    }
    for (const method of route.methods) {
      if (method === 'HEAD' && route.methods.includes('GET')) continue
      const key = `${method} ${shapeOf(route.path)}`
      const other = this.#byKey.get(key)
      if (other) {
        throw httpErrors.E_ROUTE_DUPLICATE(method, route.path, routeOwnerLabel(other), routeOwnerLabel(route))
      }
    }
    if (route.name !== undefined) {
      const other = this.#byName.get(route.name)
      if (other) {
        throw httpErrors.E_ROUTE_NAME_DUPLICATE(route.name, routeOwnerLabel(other), routeOwnerLabel(route))
      }
      this.#byName.set(route.name, route)
    }
    for (const method of route.methods) this.#byKey.set(`${method} ${shapeOf(route.path)}`, route)
    this.#routes.push(route)
  }

  all(): readonly CompiledRoute[] {
    return this.#routes
  }

  byName(name: string): CompiledRoute | undefined {
    return this.#byName.get(name)
  }

  // A package mounted with a name prefix still links to its own routes by the names it wrote:
  // `route('blog.index')` finds `news.blog.index` when exactly one route was named so locally.
  #byLocalName(name: string): CompiledRoute | undefined {
    const matches = this.#routes.filter((route) => route.localName === name)
    return matches.length === 1 ? matches[0] : undefined
  }

  /**
   * The URL path of a named route with its parameters filled in; parameters the path does not
   * use become the query string.
   *
   * @example
   * table.url('posts.show', { id: 3 }) // '/posts/3'
   */
  url(name: string, params: Record<string, string | number> = {}): string {
    const route = this.#byName.get(name) ?? this.#byLocalName(name)
    if (!route) {
      throw httpErrors.E_ROUTE_NOT_FOUND(name)
    }
    const used = new Set<string>()
    const path = route.path.replace(/:([A-Za-z_]\w*)(\?)?(\{[^}]*\})?/g, (_whole, key: string, optional?: string) => {
      const value = params[key]
      if (value === undefined || value === null) {
        if (optional) return ''
        throw httpErrors.E_ROUTE_PARAM_MISSING(name, route.path, key)
      }
      used.add(key)
      return encodeURIComponent(String(value))
    })
    const rest = Object.entries(params).filter(([key]) => !used.has(key))
    const query = new URLSearchParams(rest.map(([key, value]) => [key, String(value)])).toString()
    // A path written with a trailing slash keeps it; one an absent optional parameter left does not.
    const collapsed = path.replace(/\/{2,}/g, '/')
    const clean = (route.path.endsWith('/') ? collapsed : collapsed.replace(/(.)\/$/, '$1')) || '/'
    return query ? `${clean}?${query}` : clean
  }
}

function flatten(items: readonly RouteItem[], options: MountOptions): CompiledRoute[] {
  const routes: CompiledRoute[] = []
  const walk = (list: readonly RouteItem[], prefix: string, middleware: MiddlewareReference[], namePrefix: string) => {
    if (!Array.isArray(list)) {
      throw httpErrors.E_ROUTE_INVALID(`${options.file ?? 'A route file'} must export a list of routes (export default [ … ])`)
    }
    for (const item of list) {
      if (item instanceof RouteGroup || isGroup(item)) {
        const group = item as RouteGroup
        walk(
          group.children,
          joinPaths(prefix, group.options.prefix ?? ''),
          [...middleware, ...(group.options.middleware ?? [])],
          namePrefix + (group.options.name ?? ''),
        )
      } else if (item instanceof RouteDefinition || isRoute(item)) {
        const route = item as RouteDefinition
        routes.push({
          methods: route.methods,
          path: joinPaths(prefix, route.path),
          name: route.routeName === undefined ? undefined : namePrefix + route.routeName,
          localName: route.routeName === undefined || options.namePrefix === undefined ? undefined : route.routeName,
          handler: route.handler,
          middleware: [...middleware, ...route.middlewareList],
          owner: options.owner,
          file: options.file,
          ...(route.maxBodySize === undefined ? {} : { bodyLimit: route.maxBodySize }),
        })
      } else {
        throw httpErrors.E_ROUTE_INVALID(`${options.file ?? 'A route file'} lists something that is not a route or a group`)
      }
    }
  }
  walk(items, options.prefix ?? '', options.middleware ?? [], options.namePrefix ?? '')
  return routes
}

// Route classes may come from another copy of mortar (a package's own dependency): accept by shape.
function isGroup(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'children' in item && 'options' in item
}
function isRoute(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'methods' in item && 'path' in item && 'handler' in item
}

/**
 * Joins a prefix and a path into one path without double slashes. A trailing slash stays when
 * the last part written (the path, or for a path of `/` the prefix) ends with one, so
 * `Route.get('/package/test/', …)` is served and listed as written; `Route.get('/', …)` in a group
 * is the group's own path.
 */
export function joinPaths(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/{2,}/g, '/')
  const last = path !== '' && path !== '/' ? path : prefix
  if (joined.length > 1 && !(last.length > 1 && last.endsWith('/'))) return joined.replace(/\/$/, '')
  return joined
}

/** `/posts/:id` and `/posts/:slug` are the same route shape, and so are `/posts` and `/posts/`. */
function shapeOf(path: string): string {
  const shape = path.replace(/:[A-Za-z_]\w*(\{[^}]*\})?/g, ':')
  return shape.length > 1 ? shape.replace(/\/$/, '') : shape
}

/** `Route GET|POST /posts` (HEAD left out when GET is there), for messages. */
export function describeRoute(route: Pick<CompiledRoute, 'methods' | 'path'>): string {
  const methods = route.methods.filter((method) => method !== 'HEAD' || !route.methods.includes('GET'))
  return `Route ${methods.join('|')} ${route.path}`
}

/** `the app (routes/web.ts)` or `package "blog" (routes/web.ts)`. */
export function routeOwnerLabel(route: CompiledRoute): string {
  const where = route.owner === 'app' ? 'the app' : `package "${route.owner}"`
  return route.file ? `${where} (${route.file})` : where
}
