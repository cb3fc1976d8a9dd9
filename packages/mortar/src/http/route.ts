import { parseSize } from './body_limit.js'
import type { HttpContext } from './context.js'
import { httpErrors } from './errors.js'
import type { Middleware } from './middleware.js'

/** A class whose instances have handler methods; built through the container. */
export type ControllerClass = abstract new (...args: never[]) => object
/** A function that answers a request. */
export type HandlerFunction = (ctx: HttpContext) => unknown
/**
 * What a route calls: `[PostController, 'show']`, a `'PostController@show'` string resolved in
 * the registered controller folders, or a function.
 */
export type RouteHandler = HandlerFunction | string | readonly [ControllerClass, string]
/** A middleware given by its registered name (`'auth'`, `'web'`) or as a function. */
export type MiddlewareReference = string | Middleware

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

/** One route as written in a route file; `name()`, `middleware()` and `bodyLimit()` chain. */
export class RouteDefinition {
  routeName?: string
  /** The largest request body this route accepts, in bytes (`app.bodyLimit` when unset). */
  maxBodySize?: number
  readonly middlewareList: MiddlewareReference[] = []

  constructor(
    readonly methods: readonly HttpMethod[],
    readonly path: string,
    readonly handler: RouteHandler,
  ) {
    if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) {
      throw httpErrors.E_ROUTE_INVALID(`Route path "${String(path)}" must start with "/"`)
    }
    validateHandler(handler, `${methods.join('|')} ${path}`)
  }

  /** Names the route, for `route('posts.show', { id })`. Inside a named group the group's prefix is added. */
  name(name: string): this {
    this.routeName = name
    return this
  }

  /** Adds middleware by name or function, run after the group's. */
  middleware(...middleware: MiddlewareReference[]): this {
    this.middlewareList.push(...middleware)
    return this
  }

  /**
   * The largest request body this route accepts, over `app.bodyLimit` (1 MB by default): bytes,
   * or a string such as `'10mb'`. A larger body answers 413 before the handler runs.
   *
   * @example
   * Route.post('/uploads', [UploadController, 'store']).bodyLimit('10mb')
   */
  bodyLimit(size: number | string): this {
    this.maxBodySize = parseSize(size, `Route ${this.methods.join('|')} ${this.path}: bodyLimit`)
    return this
  }
}

/** Options of `Route.group()`. */
export interface GroupOptions {
  /** Path prefix for every route inside, e.g. `/admin`. */
  prefix?: string
  /** Middleware (names or functions) run before each route's own. */
  middleware?: MiddlewareReference[]
  /** Name prefix, e.g. `admin.` so `posts` becomes `admin.posts`. */
  name?: string
}

/** A group of routes sharing a prefix, middleware and name prefix. */
export class RouteGroup {
  constructor(
    readonly options: GroupOptions,
    readonly children: readonly RouteItem[],
  ) {
    if (options.prefix !== undefined && !options.prefix.startsWith('/')) {
      throw httpErrors.E_ROUTE_INVALID(`Group prefix "${options.prefix}" must start with "/"`)
    }
  }
}

export type RouteItem = RouteDefinition | RouteGroup

function define(methods: readonly HttpMethod[]) {
  return (path: string, handler: RouteHandler) => new RouteDefinition(methods, path, handler)
}

/**
 * Builds routes. A route file's default export is a list of them.
 *
 * @example
 * export default [
 *   Route.get('/posts/:id', [PostController, 'show']).name('posts.show'),
 *   Route.group({ prefix: '/admin', middleware: ['auth'], name: 'admin.' }, [
 *     Route.get('/posts', 'PostController@index').name('posts'),
 *   ]),
 * ]
 */
export const Route = {
  get: define(['GET', 'HEAD']),
  post: define(['POST']),
  put: define(['PUT']),
  patch: define(['PATCH']),
  delete: define(['DELETE']),
  options: define(['OPTIONS']),
  /** Every method. */
  any: define(HTTP_METHODS),
  /** The listed methods: `Route.match(['GET', 'POST'], '/search', handler)`. */
  match: (methods: HttpMethod[], path: string, handler: RouteHandler) =>
    new RouteDefinition(
      methods.map((method) => method.toUpperCase() as HttpMethod),
      path,
      handler,
    ),
  group: (options: GroupOptions, children: RouteItem[]) => new RouteGroup(options, children),
}

function validateHandler(handler: RouteHandler, where: string): void {
  if (typeof handler === 'function') return
  if (typeof handler === 'string') {
    if (!/^[A-Za-z_$][\w$]*@[A-Za-z_$][\w$]*$/.test(handler)) {
      throw httpErrors.E_ROUTE_INVALID(`Route ${where}: handler "${handler}" must look like "PostController@show"`)
    }
    return
  }
  if (Array.isArray(handler) && handler.length === 2 && typeof handler[0] === 'function' && typeof handler[1] === 'string') {
    return
  }
  throw httpErrors.E_ROUTE_INVALID(`Route ${where}: handler must be a function, [Controller, 'method'] or 'Controller@method'`)
}

/** A handler as people write it: `'PostController@show'`, `PostController@show`, or a function's name. */
export function describeHandler(handler: unknown): string {
  if (typeof handler === 'string') return handler
  if (Array.isArray(handler)) return `${(handler[0] as { name: string }).name}@${handler[1]}`
  return (handler as { name?: string }).name || 'closure'
}
