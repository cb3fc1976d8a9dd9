import type { HttpContext } from './context.js'
import type { CompiledRoute } from './route_table.js'

/**
 * The development error page: Youch's page with the source around each stack frame, the
 * request and the route. Youch is imported here, on the first error page, never at start.
 */
export async function developmentErrorPage(
  error: unknown,
  status: number,
  ctx: HttpContext | undefined,
  route: CompiledRoute | undefined,
): Promise<Response> {
  const { Youch } = await import('youch')
  const youch = new Youch()
  if (route) {
    youch.metadata.group('Route', {
      route: [
        { key: 'Path', value: route.path },
        { key: 'Name', value: route.name ?? '(unnamed)' },
        { key: 'Methods', value: route.methods.join(', ') },
        { key: 'Handler', value: handlerName(route) },
        { key: 'Added by', value: route.owner === 'app' ? 'the app' : `package "${route.owner}"` },
        {
          key: 'Middleware',
          value: route.middleware.map((entry) => (typeof entry === 'string' ? entry : entry.name || '(anonymous)')).join(', ') || 'none',
        },
      ],
    })
  }
  const page = await youch.toHTML(error, {
    title: `${status} Server Error`,
    request: ctx ? { url: ctx.url.href, method: ctx.method, headers: Object.fromEntries(ctx.request.headers) } : undefined,
  })
  return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } })
}

function handlerName(route: CompiledRoute): string {
  const handler = route.handler
  if (typeof handler === 'string') return handler
  if (Array.isArray(handler)) return `${(handler[0] as { name?: string }).name ?? 'Controller'}.${String(handler[1])}`
  return (handler as { name?: string }).name || '(closure)'
}
