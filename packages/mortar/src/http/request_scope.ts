import { AsyncLocalStorage } from 'node:async_hooks'
import type { HttpContext } from './context.js'

// The request a view helper (csrfField(), flash()) belongs to. Only routes that run the session
// middleware enter the scope: what those helpers read lives in the session.
const KEY = Symbol.for('mortar.requestScope')
const scope: AsyncLocalStorage<HttpContext> =
  ((globalThis as Record<symbol, unknown>)[KEY] as AsyncLocalStorage<HttpContext> | undefined) ?? new AsyncLocalStorage<HttpContext>()
;(globalThis as Record<symbol, unknown>)[KEY] = scope

/** Runs `fn` with `ctx` as the current request. */
export function runInRequest<T>(ctx: HttpContext, fn: () => T): T {
  return scope.run(ctx, fn)
}

/**
 * The current request, inside a route that runs the session middleware (undefined elsewhere):
 * for view helpers that need the request without being handed it.
 *
 * @example
 * app.views.global('userName', () => currentRequest()?.session.get('name') ?? 'guest')
 */
export function currentRequest(): HttpContext | undefined {
  return scope.getStore()
}
