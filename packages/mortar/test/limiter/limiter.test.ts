// The rate limiter: one set of cases on each store (database on SQLite and on PostgreSQL, Redis)
// through a test app, the throttle middleware over HTTP, and a limit that holds across two real
// `craft serve` processes sharing one PostgreSQL.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createClient } from '@redis/client'
import { createTestApp, type TestApp } from 'mortar/testing'
import pg from 'pg'
import { redisPrefix, removeStateApp, writeStateApp } from '../state/support.js'
import { craft, type ServedApp, serveApp } from '../support/temp_app.js'

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test'

const ROUTES = {
  'routes/api.ts': `import { Route, throttle } from 'mortar'

export default [
  Route.get('/limited', () => ({ ok: true })).middleware(throttle({ max: 3, perSeconds: 60 })),
  Route.get('/per-user/:user', () => ({ ok: true })).middleware(throttle({ max: 1, by: (ctx) => ctx.params.user, name: 'per-user' })),
]
`,
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES })
  await client.connect()
  await client.query(`drop schema if exists "${schema}" cascade`)
  await client.end()
}

function limiterSuite(
  name: string,
  config: () => Record<string, unknown>,
  cleanup: () => Promise<void>,
  rows: (app: TestApp) => Promise<string[]>,
) {
  describe(`rate limiter: ${name}`, () => {
    let root: string
    let app: TestApp

    before(async () => {
      root = writeStateApp(ROUTES)
      app = await createTestApp({ root, config: config() })
    })
    after(async () => {
      await app?.close()
      await cleanup()
      removeStateApp(root)
    })

    it('counts hits in a window, says how many remain and when it ends, and starts again after it', async () => {
      const limiter = app.app.limiter
      const key = 'login:ada@example.com|10.0.0.7'
      assert.equal(await limiter.attempts(key), 0)
      assert.equal(await limiter.availableIn(key), 0)
      assert.equal(await limiter.hit(key, 60), 1)
      assert.equal(await limiter.hit(key, 60), 2)
      assert.equal(await limiter.remaining(key, 5), 3)
      assert.equal(await limiter.tooManyAttempts(key, 2), true)
      assert.equal(await limiter.tooManyAttempts(key, 3), false)
      const left = await limiter.availableIn(key)
      assert.ok(left > 55 && left <= 60, String(left))
      app.travel(30_000)
      assert.equal(await limiter.hit(key, 60), 3)
      assert.ok((await limiter.availableIn(key)) <= 30)
      app.travel(31_000)
      assert.equal(await limiter.attempts(key), 0)
      assert.equal(await limiter.hit(key, 60), 1)
    })

    it('keeps keys apart, clears one, and runs attempt() only under the limit', async () => {
      const limiter = app.app.limiter
      await limiter.hit('a', 60)
      await limiter.hit('b', 60)
      await limiter.clear('a')
      assert.equal(await limiter.attempts('a'), 0)
      assert.equal(await limiter.attempts('b'), 1)
      let ran = 0
      assert.equal(await limiter.attempt('c', 2, () => ++ran), 1)
      assert.equal(await limiter.attempt('c', 2, () => ++ran), 2)
      assert.equal(await limiter.attempt('c', 2, () => ++ran), false)
      assert.equal(ran, 2)
    })

    it('stores keys as digests, never the email or address itself', async () => {
      await app.app.limiter.hit('login:grace@example.com|10.9.8.7', 60)
      const stored = await rows(app)
      assert.ok(stored.length > 0)
      assert.ok(
        stored.every((key) => !key.includes('grace') && /[0-9a-f]{64}$/.test(key)),
        stored.join(', '),
      )
    })

    it('throttle() answers 429 with Retry-After past its limit, per client or per chosen key', async () => {
      for (const remaining of ['2', '1', '0']) {
        ;(await app.get('/api/limited')).assertOk().assertHeader('x-ratelimit-limit', '3').assertHeader('x-ratelimit-remaining', remaining)
      }
      const refused = await app.get('/api/limited')
      refused.assertStatus(429).assertHeader('x-ratelimit-remaining', '0')
      assert.ok(Number(refused.headers.get('retry-after')) > 0)
      ;(await app.get('/api/per-user/ada')).assertOk()
      ;(await app.get('/api/per-user/ada')).assertStatus(429)
      ;(await app.get('/api/per-user/bo')).assertOk()
    })
  })
}

limiterSuite(
  'database on SQLite',
  () => ({ 'limiter.store': 'database', database: { url: 'sqlite::memory:' } }),
  async () => {},
  async (app) => (await app.db().selectFrom('rate_limits').select('key').execute()).map((row) => String(row.key)),
)

const schema = `mortar_limits_${randomBytes(4).toString('hex')}`
limiterSuite(
  'database on PostgreSQL',
  () => ({ 'limiter.store': 'database', database: { url: POSTGRES, schema } }),
  () => dropSchema(schema),
  async (app) => (await app.db().selectFrom('rate_limits').select('key').execute()).map((row) => String(row.key)),
)

const prefix = redisPrefix()
async function redisKeys(): Promise<string[]> {
  const client = createClient({ url: 'redis://127.0.0.1:6379' })
  await client.connect()
  const keys = await client.keys(`${prefix}*`)
  await client.quit()
  return keys
}
limiterSuite(
  'redis',
  () => ({ 'limiter.store': 'redis', 'limiter.redis': { url: 'redis://127.0.0.1:6379', prefix } }),
  async () => {
    const client = createClient({ url: 'redis://127.0.0.1:6379' })
    await client.connect()
    const keys = await client.keys(`${prefix}*`)
    if (keys.length) await client.del(keys)
    await client.quit()
  },
  () => redisKeys(),
)

describe('rate limits across two craft serve processes on one PostgreSQL', () => {
  const shared = `mortar_limits_${randomBytes(4).toString('hex')}`
  const env = { APP_ENV: 'production', DATABASE_URL: POSTGRES, DB_SCHEMA: shared }
  let root: string
  let one: ServedApp
  let two: ServedApp

  before(async () => {
    root = writeStateApp({
      ...ROUTES,
      'config/database.ts': 'export default { url: process.env.DATABASE_URL, schema: process.env.DB_SCHEMA }\n',
      '.env': `APP_KEY=base64:${randomBytes(32).toString('base64')}\n`,
    })
    assert.equal(craft(root, ['migrate'], { env }).code, 0)
    ;[one, two] = await Promise.all([serveApp(root, { env, args: ['--no-reload'] }), serveApp(root, { env, args: ['--no-reload'] })])
  })
  after(async () => {
    await Promise.all([one?.stop(), two?.stop()])
    await dropSchema(shared)
    removeStateApp(root)
  })

  it('lets three requests through in all, whichever process answers them', async () => {
    const statuses: number[] = []
    for (const url of [one.url, two.url, one.url, two.url, one.url]) {
      statuses.push((await fetch(`${url}/api/limited`, { signal: AbortSignal.timeout(10_000) })).status)
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429])
  })
})
