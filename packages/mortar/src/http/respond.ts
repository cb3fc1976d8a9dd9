import type { HttpContext } from './context.js'
import { Redirect } from './redirect.js'

/**
 * Turns what a handler returned into a Response: a Response as it is; a string as HTML;
 * `undefined`/`null` as 204; anything else as JSON. The status set with `ctx.status()` and the
 * headers set with `ctx.setHeader()` apply.
 */
export function toResponse(value: unknown, ctx: HttpContext): Response {
  if (value instanceof Response || isResponseLike(value)) return ctx.withHeaders(value as Response)
  if (value instanceof Redirect) return value.toResponse()
  if (value === undefined || value === null) {
    return ctx.statusCode === 200 ? ctx.withHeaders(new Response(null, { status: 204 })) : ctx.text('')
  }
  if (typeof value === 'string') return ctx.html(value)
  return ctx.json(value)
}

// A Response from another realm (a package bundling its own undici) still answers.
function isResponseLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).arrayBuffer === 'function' &&
    'status' in value &&
    'headers' in value
  )
}
