import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { peekSession } from '../session/context_session.js'
import { ERRORS_KEY, keptInput, OLD_INPUT_KEY } from '../validation/old_input.js'
import { ValidationError } from '../validation/validation_error.js'
import type { ViewEngine } from '../views/view_engine.js'
import type { HttpContext } from './context.js'
import { developmentErrorPage } from './dev_error_page.js'
import { type ErrorFormat, errorResponse } from './error_pages.js'
import { HttpError } from './http_error.js'
import { Redirect } from './redirect.js'
import type { HandlerFunction } from './route.js'
import type { CompiledRoute } from './route_table.js'

/** What the error handler needs of the application: where to report, and its error pages. */
export interface ErrorReporting {
  /** Hears of every error answered with a 5xx (see `Application.reportError`). */
  reportError(error: unknown, ctx?: HttpContext): void
  /** The app's templates folder, where `errors/<status>.edge` pages live. */
  readonly templatesPath: string
  readonly views: Pick<ViewEngine, 'render'>
}

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
 * - a `ValidationError`: 422 `{ message, errors }` for a JSON or `api` request; a form is sent
 *   back (303) with the errors and its input flashed (a plain 422 page without a session);
 * - anything else is reported (5xx only) to `app.reportError()` and the `app.onError()` hooks;
 * - JSON clients get the JSON twin; in development a 5xx is Youch's page with source frames;
 *   in production the app's `templates/errors/<status>.edge` when it has one, else the plain page.
 */
export function handleError(app: ErrorReporting, error: unknown, site: ErrorSite): Response | Promise<Response> {
  const format = site.routeFormat === 'json' || (site.ctx && wantsJson(site.ctx)) ? 'json' : 'html'
  if (error instanceof ValidationError) return validationResponse(error, format, site.ctx)
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

/**
 * `handler` with a `ValidationError` it throws answered on the spot (422 JSON, or back to the
 * form), so the answer goes back through the route's middleware: the session middleware then
 * saves the errors and old input flashed with it. Other errors are thrown on.
 */
export function answeringValidation(handler: HandlerFunction, api: boolean): HandlerFunction {
  const answer = (error: unknown, ctx: HttpContext): Response => {
    if (!(error instanceof ValidationError)) throw error
    return validationResponse(error, api || wantsJson(ctx) ? 'json' : 'html', ctx)
  }
  return (ctx) => {
    try {
      const value = handler(ctx)
      return isThenable(value) ? Promise.resolve(value).catch((error) => answer(error, ctx)) : value
    } catch (error) {
      return answer(error, ctx)
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function'
}

/** A JSON or AJAX client: it asked for JSON, or sent JSON. */
export function wantsJson(ctx: HttpContext): boolean {
  const accept = ctx.header('accept') ?? ''
  if (accept.includes('application/json') || accept.includes('+json')) return true
  if (ctx.header('x-requested-with') === 'XMLHttpRequest') return true
  return (ctx.header('content-type') ?? '').includes('application/json') && !accept.includes('text/html')
}

function validationResponse(error: ValidationError, format: ErrorFormat, ctx: HttpContext | undefined): Response {
  if (format === 'json') return Response.json({ message: error.message, errors: error.errors }, { status: 422 })
  if (!ctx || !peekSession(ctx)) return errorResponse(error, 'html', false)
  // Back to the form, which shows the errors and refills its fields (never passwords or tokens).
  return new Redirect(ctx).back().with(ERRORS_KEY, error.errors).with(OLD_INPUT_KEY, keptInput(error.input, error.except)).toResponse()
}

/** The app's `templates/errors/<status>.edge`, rendered with `{ status, message }`. */
async function appErrorPage(app: ErrorReporting, error: unknown, status: number, site: ErrorSite): Promise<Response> {
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
