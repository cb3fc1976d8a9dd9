import type { HttpContext } from '../http/context.js'
import { sessionErrors } from './errors.js'
import type { Session } from './session.js'

// Each request's session, set by the session middleware; kept beside the context, not on it, so a
// route without the middleware costs nothing.
const sessions = new WeakMap<HttpContext, Session>()

/** Gives the request its session (the session middleware does). */
export function attachSession(ctx: HttpContext, session: Session): void {
  sessions.set(ctx, session)
}

/** The request's session, or undefined on a route without the session middleware. */
export function peekSession(ctx: HttpContext): Session | undefined {
  return sessions.get(ctx)
}

/** The request's session; E_SESSION_NOT_STARTED on a route without the session middleware. */
export function sessionOf(ctx: HttpContext): Session {
  const session = sessions.get(ctx)
  if (!session) {
    throw sessionErrors.E_SESSION_NOT_STARTED(
      `${ctx.method} ${ctx.path} used the session, but its route does not run the session middleware`,
      {
        hint: "Put the route in the 'web' group (which runs 'session'), or add middleware: ['session'].",
      },
    )
  }
  return session
}
