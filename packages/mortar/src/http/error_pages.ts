import { isMortarError } from '../errors.js'
import { escapeHtml } from '../support/html.js'
import { defaultMessage, HttpError } from './http_error.js'

/** How an error page is written: HTML for web routes, JSON for api routes and JSON clients. */
export type ErrorFormat = 'html' | 'json'

/**
 * The answer for an error. In development the message and stack are shown; in production only
 * the status text, so nothing internal leaks.
 */
export function errorResponse(error: unknown, format: ErrorFormat, debug: boolean): Response {
  const status = error instanceof HttpError ? error.status : 500
  const headers = error instanceof HttpError ? error.headers : {}
  const exposed = error instanceof HttpError && status < 500
  const message = exposed || debug ? (error as Error).message || defaultMessage(status) : defaultMessage(status)
  const stack = debug && !(error instanceof HttpError) && error instanceof Error ? error.stack : undefined
  const code = debug && isMortarError(error) ? error.code : undefined
  if (format === 'json') {
    return Response.json(
      { error: { status, message, ...(code ? { code } : {}), ...(stack ? { stack: stack.split('\n') } : {}) } },
      { status, headers },
    )
  }
  return new Response(page(status, message, stack), { status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } })
}

function page(status: number, message: string, stack?: string): string {
  const title = `${status} ${escapeHtml(defaultMessage(status))}`
  const details = stack ? `<pre>${escapeHtml(stack)}</pre>` : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:60rem;padding:0 1rem;color:#222}h1{font-size:1.6rem}pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:.8rem}</style>
</head><body><h1>${title}</h1><p>${escapeHtml(message)}</p>${details}</body></html>`
}
