import type { HttpContext } from '../http/context.js'
import { peekSession } from '../session/context_session.js'
import { ErrorBag } from '../validation/error_bag.js'
import { ERRORS_KEY, OLD_INPUT_KEY, oldValue } from '../validation/old_input.js'
import type { FieldErrors } from '../validation/validation_error.js'

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

/**
 * The data every template gets for a request: `request`; `errors`, `old()` and `flash()` from
 * what the previous request flashed (a form that failed validation); then what packages share.
 */
export async function requestViewData(ctx: HttpContext, sharers: readonly ViewDataSharer[]): Promise<Record<string, unknown>> {
  const session = peekSession(ctx)
  const flashedErrors = session?.get<FieldErrors | undefined>(ERRORS_KEY)
  const oldInput = session?.get<Record<string, unknown> | undefined>(OLD_INPUT_KEY)
  const data: Record<string, unknown> = {
    request: viewRequest(ctx),
    errors: ctx.state.errors instanceof ErrorBag ? ctx.state.errors : new ErrorBag(isErrors(flashedErrors) ? flashedErrors : {}),
    old: (field: string, fallback: unknown = '') => oldValue(oldInput, field, fallback),
    flash: (key: string, fallback?: unknown) => (session ? session.get(key, fallback) : fallback),
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

function isErrors(value: unknown): value is FieldErrors {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
