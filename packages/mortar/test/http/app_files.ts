// The application the HTTP tests run against (in-process and over a real socket): routes that
// set cookies through two middleware and the handler, echo a parsed body, answer spoofed
// methods, a route with its own body limit, routes declared with and without a trailing slash,
// a HEAD-only route, the client address and HTML and JSON answers. config/app.ts reads the HTTP
// settings from the environment, so a served copy can be started with other settings.

export const HTTP_APP_FILES: Record<string, string> = {
  'config/app.ts': `import { env } from 'mortar'

export default {
  name: 'HTTP test app',
  debug: env('APP_DEBUG', env('APP_ENV', 'development') !== 'production'),
  trustedProxies: env('TRUSTED_PROXIES', ''),
  bodyLimit: env('BODY_LIMIT', '1mb'),
  securityHeaders: {},
  server: { headersTimeout: env('HEADERS_TIMEOUT', 10_000), requestTimeout: 60_000, keepAliveTimeout: 5_000 },
}
`,
  'routes/web.ts': `import { type HttpContext, type Middleware, Route } from 'mortar'

// Sets its cookie on the context before the handler runs.
const outer: Middleware = async (ctx, next) => {
  ctx.setHeader('set-cookie', 'outer=1; Path=/')
  return next()
}
// Appends its cookie to the answer after the handler ran.
const inner: Middleware = async (_ctx, next) => {
  const response = await next()
  response.headers.append('set-cookie', 'inner=2; Path=/')
  return response
}

// Changes a header the handler set on the context, after next().
const override: Middleware = async (_ctx, next) => {
  const response = await next()
  response.headers.set('x-choice', 'middleware')
  return response
}

const echo = async (ctx: HttpContext) => ({ method: ctx.method, body: await ctx.body() })

export default [
  // The web group checks CSRF: a client that posts forms first takes a token (and the session cookie).
  Route.get('/token', (ctx) => ({ token: ctx.session.token })),
  Route.get('/cookies', (ctx) => {
    ctx.setHeader('set-cookie', 'handler=3; Path=/')
    return '<p>three cookies</p>'
  }).middleware(outer, inner),
  Route.get('/override', (ctx) => ctx.setHeader('x-choice', 'handler') && { ok: true }).middleware(override, outer),
  Route.post('/echo', echo),
  Route.put('/echo', echo),
  Route.post('/items/:id', (ctx) => ({ posted: ctx.params.id, method: ctx.method })),
  Route.delete('/items/:id', (ctx) => ({ deleted: ctx.params.id, method: ctx.method })),
  Route.patch('/items/:id', (ctx) => ({ patched: ctx.params.id, method: ctx.method })),
  Route.post('/small', async (ctx) => ({ size: String(await ctx.body()).length })).bodyLimit('2kb'),
  Route.post('/large', async (ctx) => ({ size: String(await ctx.body()).length })).bodyLimit(2 * 1024 * 1024),
  Route.get('/package/test/', () => 'declared with a slash').name('slashed'),
  Route.get('/plain', () => 'declared without').name('plain'),
  Route.match(['HEAD'], '/probe', (ctx) => ctx.setHeader('x-probe', 'yes') && null),
  Route.get('/ip', (ctx) => ({ ip: ctx.ip() })),
  Route.get('/page', () => '<p>page</p>'),
  Route.get('/own-frame', (ctx) => ctx.setHeader('x-frame-options', 'DENY') && '<p>mine</p>'),
  Route.get('/data', () => ({ json: true })),
  Route.get('/query', (ctx) => ({ query: ctx.query })),
]
`,
}
