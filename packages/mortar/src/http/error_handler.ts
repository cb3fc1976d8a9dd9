import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Application } from '../app/application.js'
import { ValidationError } from '../validation/validation_error.js'
import type { HttpContext } from './context.js'
import { developmentErrorPage } from './dev_error_page.js'
import { type ErrorFormat, errorResponse } from './error_pages.js'
import { HttpError } from './http_error.js'
import type { CompiledRoute } from './route_table.js'

/** What the error handler knows of where an error happened. */
export interface ErrorSite {
  ctx?: HttpContext
  route?: CompiledRoute
  /** `json` for `api` routes; otherwise the request decides (see `wantsJson`). */
  routeFormat: ErrorFormat
  debug: boolean
}

/**
 * Answers an error thrown by a handler or middleware:
 * - a `ValidationError`: 422 `{ message, errors }` for a JSON or `api` request, the form's
 *   page of errors otherwise;
 * - anything else is reported (5xx only) to `app.reportError()` and the `app.onError()` hooks;
 * - JSON clients get the JSON twin; in development a 5xx is Youch's page with source frames;
 *   in production the app's `templates/errors/<status>.edge` when it has one, else the plain page.
 */
export function handleError(app: Application, error: unknown, site: ErrorSite): Response | Promise<Response> {
  const format = site.routeFormat === 'json' || (site.ctx && wantsJson(site.ctx)) ? 'json' : 'html'
  if (error instanceof ValidationError) return validationResponse(error, format)
  const status = error instanceof HttpError ? error.status : 500
  if (status >= 500) app.reportError(error, site.ctx)
  if (format === 'json') return errorResponse(error, 'json', site.debug)
  if (site.debug && !(error instanceof HttpError)) {
    return developmentErrorPage(error, status, site.ctx, site.route).catch((pageError) => {
      app.reportError(pageError, site.ctx)
      return errorResponse(error, 'html', site.debug)
    })
  }
  // Without a page of the app's own, the plain page is answered at once (no promise), so that a
  // synchronous handler's error stays on @hono/node-server's fast path.
  if (!existsSync(join(app.templatesPath, 'errors', `${status}.edge`))) return errorResponse(error, 'html', site.debug)
  return appErrorPage(app, error, status, site)
}

/** A JSON or AJAX client: it asked for JSON, or sent JSON. */
export function wantsJson(ctx: HttpContext): boolean {
  const accept = ctx.header('accept') ?? ''
  if (accept.includes('application/json') || accept.includes('+json')) return true
  if (ctx.header('x-requested-with') === 'XMLHttpRequest') return true
  return (ctx.header('content-type') ?? '').includes('application/json') && !accept.includes('text/html')
}

function validationResponse(error: ValidationError, format: ErrorFormat): Response {
  if (format === 'json') return Response.json({ message: error.message, errors: error.errors }, { status: 422 })
  return errorResponse(error, 'html', false)
}

/** The app's `templates/errors/<status>.edge`, rendered with `{ status, message }`. */
async function appErrorPage(app: Application, error: unknown, status: number, site: ErrorSite): Promise<Response> {
  const message = error instanceof HttpError && status < 500 ? error.message : undefined
  try {
    const page = await app.views.render(`errors/${status}`, { status, message }, site.ctx)
    const headers = error instanceof HttpError ? error.headers : {}
    return new Response(page, { status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } })
  } catch (renderError) {
    // A broken error page must not hide the error: report it, and answer with the plain page.
    app.reportError(renderError, site.ctx)
    return errorResponse(error, 'html', site.debug)
  }
}
