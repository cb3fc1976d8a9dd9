// Load with state: 20,000 requests over 100 keep-alive connections against a production
// `craft serve` whose pages run `session` and `csrf`, with sessions in SQLite and then in Redis.
// Each connection is one visitor: a quarter are users with a session who read it and POST with
// its CSRF token (a write a request), the rest are anonymous visitors without a cookie reading
// pages that look into the session. Zero errors and every answer the expected one; every write
// counted; memory flat after warm-up (RSS, and the live heap after a full GC, read by the process
// itself); and the store holds exactly the users' sessions: none for the anonymous traffic.
import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { generateAppKey } from 'mortar'
import { redisPrefix, removeStateApp, STATE_APP_FILES, writeStateApp } from '../state/support.js'
import { craft, type ServedApp, serveApp } from '../support/temp_app.js'

const CONNECTIONS = 100
const REQUESTS = 20_000
const WARM_UP = 4_000
/** One visitor in USER_EVERY is a user with a session; the others send no cookie. */
const USER_EVERY = 4
const TIME_LIMIT_MS = 90_000
// Allowances, measured: after a 4,000-request warm-up the live heap after GC moved by under 1 MB
// over the next 20,000 requests, and RSS by under 10%. A leak of 250 bytes a request (far less
// than one retained context, session or closure) would add 5 MB of live heap.
const HEAP_ALLOWANCE_BYTES = 5 * 1024 * 1024
const RSS_ALLOWANCE = 1.25

const ROUTES = (STATE_APP_FILES['routes/web.ts'] as string)
  .replace(
    /\]\n$/,
    `  Route.post('/posts', (ctx: HttpContext) => ({ posts: ctx.session.increment('posts') })),
  Route.get('/memory', () => {
    collectGarbage()
    const { rss, heapUsed } = process.memoryUsage()
    return { rss, heapUsed }
  }),
]
`,
  )
  .replace(
    "import { Route, type HttpContext } from 'mortar'",
    `import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Route, type HttpContext } from 'mortar'

// A full collection on demand, so that /memory reports the live heap, not garbage not yet collected.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void`,
  )
const SESSION_CONFIG = "export default { redis: { prefix: process.env.SESSION_PREFIX ?? 'mortar:session:' } }\n"

interface Visitor {
  cookie?: string
  token?: string
  posts: number
}

interface LoadReport {
  done: number
  errors: string[]
  wrong: string[]
  ms: number
}

function send(
  agent: Agent,
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, agent, headers, timeout: 10_000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('timed out after 10 s')))
    req.on('error', reject)
    req.end()
  })
}

/** Sends `count` requests, one visitor a connection; stops by itself after TIME_LIMIT_MS. */
async function load(base: string, agent: Agent, visitors: Visitor[], count: number): Promise<LoadReport> {
  const report: LoadReport = { done: 0, errors: [], wrong: [], ms: 0 }
  const started = Date.now()
  let issued = 0
  const run = async (visitor: Visitor) => {
    let turn = 0
    while (issued < count && Date.now() - started < TIME_LIMIT_MS) {
      issued++
      turn++
      try {
        if (visitor.cookie) {
          const write = turn % 2 === 0
          const answer = write
            ? await send(agent, base, 'POST', '/posts', { cookie: visitor.cookie, 'x-csrf-token': visitor.token as string })
            : await send(agent, base, 'GET', '/get/posts', { cookie: visitor.cookie })
          if (write) visitor.posts++
          const read = visitor.posts === 0 ? { value: null, all: {} } : { value: visitor.posts, all: { posts: visitor.posts } }
          const expected = write ? { posts: visitor.posts } : read
          if (answer.status !== 200 || answer.body !== JSON.stringify(expected))
            report.wrong.push(`user: ${answer.status} ${answer.body.slice(0, 200)}`)
        } else {
          const page = turn % 2 === 0 ? '/status' : '/get/x'
          const answer = await send(agent, base, 'GET', page, {})
          const ok = page === '/status' ? answer.body.includes('<p id="status">none</p>') : answer.body === '{"value":null,"all":{}}'
          if (answer.status !== 200 || !ok) report.wrong.push(`${page}: ${answer.status} ${answer.body.slice(0, 200)}`)
        }
        report.done++
      } catch (error) {
        report.errors.push(String(error))
      }
    }
  }
  await Promise.all(visitors.map(run))
  report.ms = Date.now() - started
  return report
}

async function memory(base: string, agent: Agent): Promise<{ rss: number; heapUsed: number }> {
  return JSON.parse((await send(agent, base, 'GET', '/memory', {})).body)
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

/** The whole run against a served app; `stored()` counts the sessions its store holds. */
async function loadWithState(
  t: { diagnostic: (message: string) => void },
  served: ServedApp,
  stored: () => Promise<number>,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS })
  try {
    const visitors: Visitor[] = []
    for (let index = 0; index < CONNECTIONS; index++) {
      if (index % USER_EVERY !== 0) {
        visitors.push({ posts: 0 })
        continue
      }
      const first = await fetch(`${served.url}/token`)
      const cookie = first.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ')
      visitors.push({ cookie, token: ((await first.json()) as { token: string }).token, posts: 0 })
    }
    const users = visitors.filter((visitor) => visitor.cookie).length
    assert.equal(await stored(), users)

    const warm = await load(served.url, agent, visitors, WARM_UP)
    assert.deepEqual([...warm.errors, ...warm.wrong].slice(0, 5), [])
    const atWarm = await memory(served.url, agent)

    const run = await load(served.url, agent, visitors, REQUESTS)
    const atEnd = await memory(served.url, agent)
    const writes = visitors.reduce((sum, visitor) => sum + visitor.posts, 0)
    t.diagnostic(
      `${run.done} requests in ${run.ms} ms (${Math.round((run.done / run.ms) * 1000)}/s) over ${CONNECTIONS} connections, ` +
        `${run.errors.length} errors, ${run.wrong.length} wrong; ${writes} session writes by ${users} users (warm-up included); ` +
        `RSS ${mb(atWarm.rss)} → ${mb(atEnd.rss)} MB, live heap after GC ${mb(atWarm.heapUsed)} → ${mb(atEnd.heapUsed)} MB`,
    )
    assert.equal(run.done, REQUESTS, `only ${run.done} requests finished within ${TIME_LIMIT_MS} ms`)
    assert.deepEqual(run.errors.slice(0, 5), [], `${run.errors.length} requests failed`)
    assert.deepEqual(run.wrong.slice(0, 5), [], `${run.wrong.length} answers were not the expected ones`)
    assert.ok(
      atEnd.heapUsed <= atWarm.heapUsed + HEAP_ALLOWANCE_BYTES,
      `the live heap grew from ${mb(atWarm.heapUsed)} MB to ${mb(atEnd.heapUsed)} MB`,
    )
    assert.ok(atEnd.rss <= atWarm.rss * RSS_ALLOWANCE, `RSS grew from ${mb(atWarm.rss)} MB to ${mb(atEnd.rss)} MB`)
    assert.equal(await stored(), users, 'the store holds the users’ sessions and none for anonymous visitors')
    assert.equal(served.process.exitCode, null)
  } finally {
    agent.destroy()
  }
}

describe(`${REQUESTS} requests at ${CONNECTIONS} connections with sessions and CSRF`, { timeout: 180_000 }, () => {
  const env = { APP_ENV: 'production', APP_DEBUG: '', APP_KEY: generateAppKey() }

  describe('sessions in SQLite', () => {
    let root: string
    let served: ServedApp | undefined

    before(async () => {
      root = writeStateApp({ 'routes/web.ts': ROUTES })
      const migrated = craft(root, ['migrate'], { env })
      assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr)
      served = await serveApp(root, { env: { ...env, SESSION_DRIVER: 'database' }, args: ['--no-reload'] })
    })

    after(async () => {
      await served?.stop()
      if (root) removeStateApp(root)
    })

    it('zero errors, every write counted, flat memory, and no session row for anonymous visitors', async (t) => {
      const database = new Database(join(root, 'storage', 'database.sqlite'), { readonly: true })
      try {
        await loadWithState(
          t,
          served as ServedApp,
          async () => (database.prepare('select count(*) as n from sessions').get() as { n: number }).n,
        )
      } finally {
        database.close()
      }
    })
  })

  describe('sessions in Redis', () => {
    const prefix = redisPrefix()
    let root: string
    let served: ServedApp | undefined
    let redis: import('@redis/client').RedisClientType | undefined

    before(async () => {
      const { createClient } = await import('@redis/client')
      redis = createClient({ url: 'redis://127.0.0.1:6379' }) as import('@redis/client').RedisClientType
      await redis.connect()
      root = writeStateApp({ 'routes/web.ts': ROUTES, 'config/session.ts': SESSION_CONFIG })
      served = await serveApp(root, {
        env: { ...env, SESSION_DRIVER: 'redis', REDIS_URL: 'redis://127.0.0.1:6379', SESSION_PREFIX: prefix },
        args: ['--no-reload'],
      })
    })

    after(async () => {
      await served?.stop()
      if (redis) {
        const keys = await redis.keys(`${prefix}*`)
        if (keys.length > 0) await redis.del(keys)
        await redis.quit()
      }
      if (root) removeStateApp(root)
    })

    it('zero errors, every write counted, flat memory, and no Redis key for anonymous visitors', async (t) => {
      const client = redis as import('@redis/client').RedisClientType
      await loadWithState(t, served as ServedApp, async () => (await client.keys(`${prefix}*`)).length)
    })
  })
})
