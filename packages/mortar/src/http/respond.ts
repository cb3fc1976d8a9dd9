import type { HttpContext } from './context.js'

/**
 * Turns what a handler returned into a Response: a Response as it is; a string as HTML;
 * `undefined`/`null` as 204; anything else as JSON. The status set with `ctx.status()` and the
 * headers set with `ctx.setHeader()` apply.
 */
export function toResponse(value: unknown, ctx: HttpContext): Response {
  if (value instanceof Response) return value
  if (value === undefined || value === null) {
    return ctx.statusCode === 200 ? withStatus(new Response(null, { status: 204 }), ctx) : ctx.text('')
  }
  if (typeof value === 'string') return ctx.html(value)
  if (isResponseLike(value)) return value as Response
  return ctx.json(value)
}

function withStatus(response: Response, ctx: HttpContext): Response {
  ctx.headers.forEach((value, key) => {
    response.headers.set(key, value)
  })
  return response
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
