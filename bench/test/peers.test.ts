// The peers the suite measures Mortar against, assembled as the suite assembles them: each must
// start and answer what the figures load, so a peer that broke cannot pass as slow or fast.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { assembleAdonis } from '../fixtures/adonis.js'
import { installMortar } from '../fixtures/mortar_copy.js'
import { type GeneratedPackage, writePackage } from '../fixtures/package.js'
import { FORM_BODY } from '../fixtures/sources.js'
import { getJson } from '../lib/http_get.js'
import { tsScript } from '../lib/node.js'
import { type Launch, type RunningProcess, runProcess, startProcess } from '../lib/proc.js'
import { type SignedIn, send, signIn } from '../lib/session.js'

let workdir: string
let pkg: GeneratedPackage

before(async () => {
  workdir = await mkdtemp(join(tmpdir(), 'mortar-bench-peers-'))
  // Where the package's schema.js finds valibot, as in the suite.
  await installMortar(workdir)
  pkg = await writePackage(join(workdir, 'node_modules'), { name: 'pkg1', migrations: 0, libraryViews: 0 })
})

after(async () => {
  await rm(workdir, { recursive: true, force: true })
})

async function withServer(launch: Launch, run: (server: RunningProcess) => Promise<void>): Promise<void> {
  const server = await startProcess(launch, /listening on (\d+)/)
  try {
    await run(server)
  } finally {
    await server.stop()
  }
}

/** The JSON route answers the package's payload; the form page reads the session and renders a CSRF field. */
async function answersLikeThePackage(server: RunningProcess): Promise<SignedIn> {
  const items = await getJson<{ package: string; total: number }>(server.port, '/pkg1/items')
  assert.deepEqual([items.package, items.total], ['pkg1', 5])
  const client = await signIn(server.port, 'pkg1')
  assert.ok(client.token.length > 10, `a CSRF token: ${client.token}`)
  return client
}

test('the AdonisJS app builds, and its production build serves the JSON route, the page and the session page', async () => {
  const adonis = await assembleAdonis(join(workdir, 'adonis'))
  await withServer(adonis.server(pkg), async (server) => {
    await answersLikeThePackage(server)
    const page = await send(server.port, 'GET', '/pkg1/page', '')
    assert.equal(page.status, 200)
    assert.match(page.body, /Item 20 &lt;b&gt;/)
  })
  const { stdout } = await runProcess(adonis.ace(['list']))
  assert.match(stdout, /make:controller/)
})

test('the Fastify server serves the session page and answers a valid form POST with 303 to the form, an invalid one elsewhere, a bad token with 403', async () => {
  await withServer(tsScript('servers/fastify.ts', [], { BENCH_PACKAGE: pkg.name, BENCH_PACKAGE_ROOT: pkg.root }), async (server) => {
    const client = await answersLikeThePackage(server)
    assert.equal(client.field, '_csrf')
    const post = (token: string) =>
      send(server.port, 'POST', '/pkg1/items', client.cookie, `_csrf=${encodeURIComponent(token)}&${FORM_BODY}`)
    const valid = await post(client.token)
    assert.equal(valid.status, 303)
    assert.equal(valid.location, '/pkg1/form')
    assert.equal((await post('forged')).status, 403)
    const invalid = await send(
      server.port,
      'POST',
      '/pkg1/items',
      client.cookie,
      `_csrf=${encodeURIComponent(client.token)}&title=x&price=cheap`,
    )
    assert.equal(invalid.status, 303)
    assert.equal(invalid.location, '/pkg1/form?invalid')
  })
})
