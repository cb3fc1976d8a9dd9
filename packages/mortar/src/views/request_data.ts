import type { HttpContext } from '../http/context.js'
import { ErrorBag } from '../validation/error_bag.js'

/** `request` in a template: where the page is, and which route answered it. */
export interface ViewRequest {
  /** The full URL, `http://host/posts?page=2`. */
  url: string
  /** The path, `/posts`. */
  path: string
  method: string
  /** The query string values (the first of each). */
  query: Record<string, string>
  /** The matched route's name, if it has one. */
  routeName?: string
  /** Whether the route's name matches a pattern, `*` for any part: `routeIs('posts.*')`. */
  routeIs(...patterns: string[]): boolean
}

/** A function that gives views data for one request: `app.views.share((ctx) => ({ user: ctx.state.user }))`. */
export type ViewDataSharer = (ctx: HttpContext) => Record<string, unknown> | Promise<Record<string, unknown>>

/** The data every template gets for a request: `request`, `errors`, then what packages share. */
export async function requestViewData(ctx: HttpContext, sharers: readonly ViewDataSharer[]): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {
    request: viewRequest(ctx),
    errors: ctx.state.errors instanceof ErrorBag ? ctx.state.errors : new ErrorBag(),
  }
  for (const share of sharers) Object.assign(data, await share(ctx))
  return data
}

function viewRequest(ctx: HttpContext): ViewRequest {
  return {
    url: ctx.url.href,
    path: ctx.path,
    method: ctx.method,
    query: ctx.query,
    routeName: ctx.routeName,
    routeIs: (...patterns) => patterns.some((pattern) => ctx.routeName !== undefined && namePattern(pattern).test(ctx.routeName)),
  }
}

function namePattern(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}$`)
}
