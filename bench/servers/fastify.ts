// The Fastify 5 peer: the generated package's routes with @fastify/cookie, @fastify/secure-session
// (the session in an encrypted cookie), @fastify/csrf-protection and @fastify/formbody, pages
// rendered by Edge from the package's own templates, the form validated by its valibot schema. Run by bench/figures/http.ts and bench/figures/state.ts.
//
// Environment: BENCH_PACKAGE (e.g. pkg1), BENCH_PACKAGE_ROOT (its folder, for data.js and templates/).
import { join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifySecureSession from '@fastify/secure-session'
import { Edge } from 'edge.js'
import Fastify from 'fastify'
import * as v from 'valibot'
import { packageFromEnv } from './package_env.js'

declare module '@fastify/secure-session' {
  interface SessionData {
    user: string
    errors: unknown
  }
}

const { name, root, data, schema } = await packageFromEnv()
// Edge caches compiled templates, as Mortar does in production.
const edge = Edge.create({ cache: true })
edge.mount(name, join(root, 'templates'))

const app = Fastify({ logger: false })
await app.register(fastifyCookie)
await app.register(fastifyFormbody)
await app.register(fastifySecureSession, {
  // 32 bytes: libsodium's secretbox key.
  key: Buffer.from('bench-secure-session-key-0123456'),
  cookieName: 'fastify-session',
  cookie: { path: '/', httpOnly: true, sameSite: 'lax' },
})
await app.register(fastifyCsrf, { sessionPlugin: '@fastify/secure-session' })

app.get(`/${name}/items`, async () => data.itemsPayload(name))

// Signs the client in: the session then holds the value the form page reads.
app.get(`/${name}/login`, async (request) => {
  request.session.set('user', 'Ada Lovelace')
  return { ok: true }
})

app.get(`/${name}/form`, async (request, reply) => {
  const token = reply.generateCsrf()
  const html = await edge.render(`${name}::form`, {
    ...data.pageData(name),
    user: request.session.get('user'),
    csrfField: () => edge.globals.html.safe(`<input type="hidden" name="_csrf" value="${token}">`),
  })
  return reply.type('text/html; charset=utf-8').send(html)
})

// The form: CSRF checked first (once the body, which holds the token, is parsed), then the body
// validated by the package's schema; a 303 back to the form page, as a form answers.
app.post(`/${name}/items`, { preHandler: app.csrfProtection }, async (request, reply) => {
  const result = v.safeParse(schema.itemSchema, request.body)
  if (!result.success) {
    request.session.set('errors', v.flatten(result.issues).nested)
    return reply.redirect(`/${name}/form?invalid`, 303)
  }
  return reply.redirect(`/${name}/form`, 303)
})

const address = await app.listen({ port: 0, host: '127.0.0.1' })
console.log(`listening on ${new URL(address).port}`)
// Exit at once: open keep-alive sockets would make close() wait.
process.once('SIGTERM', () => process.exit(0))
