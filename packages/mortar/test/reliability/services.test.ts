// A service goes away under load: a production `craft serve` keeps its sessions in a Redis (then a
// PostgreSQL cluster) of the test's own, which is stopped while 8 clients with cookies keep asking
// for a page that writes the session. Every request is answered, 200 or 503 with Retry-After (an
// HTML page or JSON, as the request asked), none hangs, the process lives on, the outage is
// reported once rather than per request, and the app serves normally soon after the service is back.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { generateAppKey } from 'mortar'
import { createTestApp } from 'mortar/testing'
import { removeStateApp, writeStateApp } from '../state/support.js'
import { craft, freePort, type ServedApp, serveApp } from '../support/temp_app.js'
import { waitFor } from './serve_support.js'
import { type Answer, CookieClient, OwnPostgres, OwnRedis } from './services_support.js'

const CLIENTS = 8
const APP_FILES = { 'config/database.ts': "export default { url: process.env.DATABASE_URL ?? 'sqlite:storage/database.sqlite' }\n" }

interface OutageReport {
  answers: Answer[]
  stoppedAt: number
  restartedAt: number
  /** From the service accepting connections again to the first 200, and to every client's. */
  firstRecoveryMs: number
  allRecoveredMs: number
}

/**
 * Keeps CLIENTS clients asking for /count (half as JSON, half as HTML) while `stop()` takes the
 * service away and `start()` brings it back; returns every answer.
 */
async function outage(served: ServedApp, stop: () => Promise<void> | void, start: () => Promise<void> | void): Promise<OutageReport> {
  const answers: Answer[] = []
  const clients = Array.from({ length: CLIENTS }, () => new CookieClient(served.url))
  const lastOf = new Map<CookieClient, Answer>()
  let running = true
  const loops = clients.map(async (client, index) => {
    const accept = index % 2 === 0 ? 'application/json' : 'text/html'
    // Bounded: 30,000 requests in all at most, whatever happens.
    while (running && answers.length < 30_000 && served.process.exitCode === null) {
      const answer = await client.get('/count', { accept })
      answers.push(answer)
      lastOf.set(client, answer)
    }
  })
  try {
    await waitFor(() => answers.filter((answer) => answer.status === 200).length >= 200, 20_000, '200 answers before the outage')
    const stoppedAt = Date.now()
    await stop()
    const since = () => {
      const tally = new Map<string, number>()
      for (const answer of answers.filter((answer) => answer.at > stoppedAt)) {
        const what = answer.error ?? String(answer.status)
        tally.set(what, (tally.get(what) ?? 0) + 1)
      }
      return JSON.stringify(Object.fromEntries(tally))
    }
    await waitFor(
      () => answers.filter((answer) => answer.at > stoppedAt && answer.status === 503).length >= 100,
      20_000,
      '503 answers',
    ).catch((error) => {
      throw new Error(`${error.message}; answers since the stop: ${since()}\n${served.output().slice(-3000)}`)
    })
    await start()
    const restartedAt = Date.now()
    const first = await waitFor(() => answers.find((answer) => answer.at > restartedAt && answer.status === 200), 20_000, 'a 200 after')
    await waitFor(
      () => clients.every((client) => lastOf.get(client)?.status === 200 && (lastOf.get(client)?.at ?? 0) > restartedAt),
      20_000,
      'every client answered 200',
    )
    const allRecoveredAt = Date.now()
    // A little more load, to see that it stays served.
    const settled = answers.length
    await waitFor(() => answers.length >= settled + 200, 20_000, '200 more answers')
    return { answers, stoppedAt, restartedAt, firstRecoveryMs: first.at - restartedAt, allRecoveredMs: allRecoveredAt - restartedAt }
  } finally {
    running = false
    await Promise.all(loops)
    for (const client of clients) client.close()
  }
}

/** What every outage must show, whichever service went away. */
function assertOutageAnswered(report: OutageReport, served: ServedApp): void {
  const { answers } = report
  const failed = answers.filter((answer) => answer.error !== undefined || answer.status === undefined)
  assert.deepEqual(failed.slice(0, 5), [], `${failed.length} requests got no answer (dropped or timed out)`)
  const other = answers.filter((answer) => answer.status !== 200 && answer.status !== 503)
  assert.deepEqual(other.slice(0, 5), [], `${other.length} answers were neither 200 nor 503`)
  const unavailable = answers.filter((answer) => answer.status === 503)
  assert.ok(unavailable.length >= 100)
  for (const answer of unavailable) {
    assert.equal(answer.retryAfter, '5', 'a 503 says when to try again')
    if (answer.type?.startsWith('application/json')) {
      assert.equal(JSON.parse(answer.body ?? '').error.status, 503)
    } else {
      assert.match(answer.type ?? '', /^text\/html/)
      assert.match(answer.body ?? '', /<h1>503 Service Unavailable<\/h1>/)
    }
  }
  assert.ok(unavailable.some((answer) => answer.type?.startsWith('application/json')))
  assert.ok(unavailable.some((answer) => answer.type?.startsWith('text/html')))
  // Nothing internal leaks in production.
  assert.ok(unavailable.every((answer) => !/ECONNREFUSED|127\.0\.0\.1|redis:\/\/|postgres:\/\//.test(answer.body ?? '')))
  assert.ok(
    answers.slice(-100).every((answer) => answer.status === 200),
    'served normally once the service was back',
  )
  assert.equal(served.process.exitCode, null, `the process still runs:\n${served.output()}`)
}

describe('a service goes away under load and comes back', { timeout: 120_000 }, () => {
  const appKey = generateAppKey()

  describe('sessions on Redis', () => {
    let redis: OwnRedis | undefined
    let root: string
    let served: ServedApp | undefined

    before(async () => {
      redis = await OwnRedis.start()
      root = writeStateApp(APP_FILES)
      served = await serveApp(root, {
        env: { APP_ENV: 'production', APP_DEBUG: '', APP_KEY: appKey, SESSION_DRIVER: 'redis', REDIS_URL: redis.url },
        args: ['--no-reload'],
      })
    })

    after(async () => {
      await served?.stop()
      await redis?.stop()
      if (root) removeStateApp(root)
    })

    it('answers 503 with Retry-After while Redis is down, never hangs or crashes, and serves again once it is back', async (t) => {
      const server = served as ServedApp
      const own = redis as OwnRedis
      const report = await outage(
        server,
        () => own.stop(),
        () => own.start(),
      )
      const count = (status: number) => report.answers.filter((answer) => answer.status === status).length
      t.diagnostic(
        `${report.answers.length} requests: ${count(200)} answered 200, ${count(503)} answered 503; ` +
          `first 200 ${report.firstRecoveryMs} ms after Redis was back, every client's ${report.allRecoveredMs} ms after`,
      )
      assertOutageAnswered(report, server)
      const reported = server.output().match(/E_SESSION_STORE/g) ?? []
      assert.equal(reported.length, 1, `the outage is reported once, not per request:\n${server.output().slice(0, 3000)}`)
      assert.match(server.output(), new RegExp(`error E_SESSION_STORE Cannot reach Redis at ${own.url.replace(/\./g, '\\.')} for sessions`))
    })

    it('answers 503 rather than waiting for a Redis that accepts connections but never answers', async () => {
      const server = served as ServedApp
      const own = redis as OwnRedis
      const client = new CookieClient(server.url)
      try {
        assert.equal((await client.get('/count')).status, 200)
        own.freeze(true)
        // The client gives up after 15 s; the app's own bound (3 s a command) answers first.
        const frozen = await client.get('/count', { accept: 'application/json' })
        assert.equal(frozen.status, 503, JSON.stringify(frozen))
        assert.equal(frozen.retryAfter, '5')
        own.freeze(false)
        await waitFor(async () => (await client.get('/count')).status === 200, 20_000, 'a 200 once Redis answers again')
      } finally {
        own.freeze(false)
        client.close()
      }
    })
  })

  describe('sessions in PostgreSQL (the database driver)', () => {
    let postgres: OwnPostgres | undefined
    let root: string
    let served: ServedApp | undefined

    before(async () => {
      postgres = await OwnPostgres.create()
      root = writeStateApp(APP_FILES)
      const env = { APP_ENV: 'production', APP_DEBUG: '', APP_KEY: appKey, SESSION_DRIVER: 'database', DATABASE_URL: postgres.url }
      const migrated = craft(root, ['migrate'], { env })
      assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr)
      served = await serveApp(root, { env, args: ['--no-reload'] })
    })

    after(async () => {
      await served?.stop()
      postgres?.remove()
      if (root) removeStateApp(root)
    })

    it('answers 503 with Retry-After while PostgreSQL is down, never hangs or crashes, and serves again once it is back', async (t) => {
      const server = served as ServedApp
      const own = postgres as OwnPostgres
      const report = await outage(
        server,
        () => own.stop('fast'),
        () => own.start(),
      )
      const count = (status: number) => report.answers.filter((answer) => answer.status === status).length
      t.diagnostic(
        `${report.answers.length} requests: ${count(200)} answered 200, ${count(503)} answered 503; ` +
          `first 200 ${report.firstRecoveryMs} ms after PostgreSQL was back, every client's ${report.allRecoveredMs} ms after`,
      )
      assertOutageAnswered(report, server)
      const reported = server.output().match(/^\S*Error|^error/gm) ?? []
      assert.equal(reported.length, 1, `the outage is reported once, not per request:\n${server.output().slice(0, 3000)}`)
    })
  })

  describe('rate limits in Redis', () => {
    let redis: OwnRedis | undefined
    let root: string

    before(async () => {
      redis = await OwnRedis.start()
      root = writeStateApp({
        'routes/api.ts': `import { Route, throttle } from 'mortar'

export default [Route.get('/limited', () => ({ ok: true })).middleware(throttle({ max: 1000, perSeconds: 60 }))]
`,
      })
    })

    after(async () => {
      await redis?.stop()
      if (root) removeStateApp(root)
    })

    it('a limiter store that cannot be reached answers 503 with Retry-After (reported once), then counts again', async () => {
      const own = redis as OwnRedis
      const app = await createTestApp({ root, config: { 'limiter.store': 'redis', 'limiter.redis': { url: own.url, prefix: 'limit:' } } })
      try {
        ;(await app.get('/api/limited')).assertOk()
        await own.stop()
        for (let n = 0; n < 5; n++) {
          ;(await app.get('/api/limited'))
            .assertStatus(503)
            .assertHeader('retry-after', '5')
            .assertJson({ error: { status: 503 } })
        }
        const reported = app.app.reportedErrors as { code?: string }[]
        assert.deepEqual(
          reported.map((error) => error.code),
          ['E_LIMITER_STORE'],
        )
        await own.start()
        await waitFor(async () => (await app.get('/api/limited')).status === 200, 20_000, 'a 200 once Redis is back')
      } finally {
        await app.close()
      }
    })

    it('a limiter pointed at a port nobody listens on answers 503 at once, never a 500', async () => {
      const port = await freePort()
      const app = await createTestApp({
        root,
        config: { 'limiter.store': 'redis', 'limiter.redis': { url: `redis://127.0.0.1:${port}`, prefix: 'limit:' } },
      })
      try {
        ;(await app.get('/api/limited')).assertStatus(503).assertHeader('retry-after', '5')
      } finally {
        await app.close()
      }
    })
  })
})
