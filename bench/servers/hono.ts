// The bare-Hono baseline: @hono/node-server, the same JSON route and the same Edge page as the
// generated package, with no framework around them. Run by bench/figures/http.ts.
//
// Environment: BENCH_PACKAGE (e.g. pkg1), BENCH_PACKAGE_ROOT (its folder, for data.js and templates/).
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { Edge } from 'edge.js'
import { Hono } from 'hono'
import { packageFromEnv } from './package_env.js'

const { name, root, data } = await packageFromEnv()
// Edge caches compiled templates, as Mortar does in production.
const edge = Edge.create({ cache: true })
edge.mount(name, join(root, 'templates'))

const app = new Hono()
app.get(`/${name}/items`, (c) => c.json(data.itemsPayload(name)))
app.get(`/${name}/page`, async (c) => c.html(await edge.render(`${name}::page`, data.pageData(name))))

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`listening on ${info.port}`)
})
// Exit at once: open keep-alive sockets would make close() wait.
process.once('SIGTERM', () => process.exit(0))
