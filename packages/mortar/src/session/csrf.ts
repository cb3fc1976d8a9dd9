import { timingSafeEqual } from 'node:crypto'
import type { HttpContext } from '../http/context.js'
import { HttpError } from '../http/http_error.js'
import type { Next } from '../http/middleware.js'
import { sessionOf } from './context_session.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The `csrf` middleware: a POST, PUT, PATCH or DELETE must carry the session's token, in the
 * `_token` form field, the `X-CSRF-TOKEN` header, or the `X-XSRF-TOKEN` header (scripts echo the
 * `XSRF-TOKEN` cookie there). Each is compared with the session's token, never with the cookie.
 * A failure answers 419 (Page Expired). Paths in `session.except` are left alone. Registered as
 * `csrf` (it needs `session`, which always runs first).
 *
 * @example
 * Route.post('/hooks/form', handler).middleware('session', 'csrf')   // outside the web group
 */
export async function csrf(ctx: HttpContext, next: Next): Promise<unknown> {
  const config = ctx.app.sessions.config
  if (SAFE_METHODS.has(ctx.method) || !config.csrf || isExcepted(ctx.path, config.except)) return next()
  const expected = sessionOf(ctx).currentToken()
  const given = ctx.header('x-csrf-token') ?? ctx.header('x-xsrf-token') ?? (await tokenInBody(ctx))
  if (!expected || !given || !sameToken(expected, given)) {
    throw new HttpError(419, 'Page expired: the form is too old or lacks its CSRF token. Reload the page and send it again.')
  }
  return next()
}

async function tokenInBody(ctx: HttpContext): Promise<string | undefined> {
  const type = ctx.header('content-type') ?? ''
  if (!/application\/x-www-form-urlencoded|multipart\/form-data|application\/json/.test(type)) return undefined
  try {
    const body = await ctx.body<Record<string, unknown>>()
    const token = body && typeof body === 'object' ? body._token : undefined
    return typeof token === 'string' ? token : undefined
  } catch {
    return undefined
  }
}

function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** `/webhooks/*` matches `/webhooks/stripe`; other patterns match exactly. */
export function isExcepted(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern))
}
