import { AsyncLocalStorage } from 'node:async_hooks'
import type { HttpContext } from './context.js'

// Which request the `view()` helper renders for, so that `return view('contact')` sees the
// request's view data (`request`, `errors`, shared data) like `ctx.view()`. Entered only for
// routes in the `web` group: on Node 20 and 22 the first AsyncLocalStorage.run() turns on
// promise hooks for the whole process (docs/performance.md), which `api` routes need not pay.
// Kept on globalThis so every copy of mortar in the process shares it.
const KEY = Symbol.for('mortar.currentRequest')
const scope: AsyncLocalStorage<HttpContext> =
  ((globalThis as Record<symbol, unknown>)[KEY] as AsyncLocalStorage<HttpContext> | undefined) ?? new AsyncLocalStorage<HttpContext>()
;(globalThis as Record<symbol, unknown>)[KEY] = scope

/** Runs `fn` with `ctx` as the current request. */
export function runInRequest<T>(ctx: HttpContext, fn: () => T): T {
  return scope.run(ctx, fn)
}

/** The request being answered, inside a `web` route; undefined elsewhere. */
export function currentRequest(): HttpContext | undefined {
  return scope.getStore()
}
