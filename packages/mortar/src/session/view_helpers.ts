import { currentRequest } from '../http/request_scope.js'
import { escapeHtml } from '../support/html.js'
import type { ViewEngine } from '../views/index.js'
import { peekSession, sessionOf } from './context_session.js'
import { sessionErrors } from './errors.js'

function requestSession() {
  const ctx = currentRequest()
  if (!ctx) {
    throw sessionErrors.E_SESSION_NOT_STARTED('csrfField() and csrfToken() need a request that runs the session middleware', {
      hint: "Render the view from a route in the 'web' group (which runs 'session').",
    })
  }
  return sessionOf(ctx)
}

/**
 * View helpers every template gets: `csrfField()` (the hidden `_token` input, as safe HTML),
 * `csrfToken()` and `flash(key)` (a value flashed by the previous request).
 */
export function registerSessionViewHelpers(views: ViewEngine): void {
  views.global('csrfToken', () => requestSession().token)
  views.global('csrfField', () => views.safe(`<input type="hidden" name="_token" value="${escapeHtml(requestSession().token)}">`))
  views.global('flash', (key: string, fallback?: unknown) => {
    const ctx = currentRequest()
    const session = ctx ? peekSession(ctx) : undefined
    return session ? session.get(key, fallback) : fallback
  })
}
