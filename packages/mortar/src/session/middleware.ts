import type { HttpContext } from '../http/context.js'
import type { Next } from '../http/middleware.js'
import { runInRequest } from '../http/request_scope.js'
import { attachSession } from './context_session.js'

/**
 * The `session` middleware: loads the visitor's session (`ctx.session`) before the handler and
 * saves it after. A request without a session cookie starts none unless the handler puts
 * something in it or reads its token. On GETs of an existing session it records the page, for
 * `ctx.redirect().back()`, and sets the `XSRF-TOKEN` cookie. Registered as `session`.
 *
 * @example
 * app.middleware.group('web', ['session', 'csrf'])   // what a new app's provider does
 */
export async function session(ctx: HttpContext, next: Next): Promise<Response> {
  const manager = ctx.app.sessions
  const cookies = ctx.cookies
  const current = await manager.load(cookies)
  attachSession(ctx, current)
  let response: Response
  try {
    response = await runInRequest(ctx, next)
  } catch (error) {
    // Whatever was flashed or regenerated before the failure is still saved.
    await manager.commit(current, cookies, { xsrf: current.existed })
    throw error
  }
  if (current.existed && ctx.method === 'GET' && response.status < 300 && isPage(ctx, response)) {
    current.recordPreviousUrl(`${ctx.url.pathname}${ctx.url.search}`)
  }
  await manager.commit(current, cookies, { xsrf: current.existed })
  return response
}

/** An HTML page a browser navigated to (not a script's fetch, not an asset or JSON). */
function isPage(ctx: HttpContext, response: Response): boolean {
  if (ctx.header('x-requested-with') === 'XMLHttpRequest') return false
  return (response.headers.get('content-type') ?? '').includes('text/html')
}
