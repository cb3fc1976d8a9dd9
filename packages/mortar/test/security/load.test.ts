// Under load: 20,000 requests over 100 keep-alive connections against the real
// `APP_ENV=production craft serve --no-reload` of an app with packages installed (examples/blog and
// two asset packages). Every answer is the expected one, no connection is dropped (the client never
// needs more than its 100 sockets), the server's resident memory stays flat, and a handler that
// throws answers 500 while the server keeps serving. The client is bounded in count and time.
import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import type { Socket } from 'node:net'
import { before, describe, test } from 'node:test'
import type { ServedApp } from '../support/temp_app.js'
import { servedSecurityApp } from './shared_app.js'
import { residentKb } from './support.js'

const CONNECTIONS = 100
const REQUESTS = 20_000
const WARM_UP = 3_000
const TIME_LIMIT_MS = 120_000

/** What the client asks for, in turn, and the status each must answer. */
const MIX: { path: string; status: number; contains?: string }[] = [
  { path: '/', status: 200, contains: 'Your Mortar application is running' },
  { path: '/blog', status: 200, contains: 'Overridden by the app' },
  { path: '/vendor/blog/blog.css', status: 200, contains: '.blog {' },
  { path: '/vendor/blog/blog.js', status: 200, contains: "dataset.blog = 'ready'" },
  { path: '/vendor/alpha/same.css', status: 200, contains: 'alpha' },
  { path: '/api/health', status: 200, contains: '"ok"' },
  { path: '/api/blog/posts', status: 200, contains: '"data"' },
  { path: '/blog/posts/424242', status: 404 },
  { path: '/no/such/page', status: 404 },
  { path: '/vendor/blog/..%2f..%2fpackage.json', status: 404 },
]
/** Every 250th request goes to a handler that throws. */
const BOOM_EVERY = 250

interface LoadReport {
  done: number
  errors: string[]
  wrong: string[]
  sockets: number
  booms: number
  ms: number
}

/** Sends `count` requests over `connections` keep-alive sockets; stops by itself after `TIME_LIMIT_MS`. */
async function load(baseUrl: string, count: number, connections: number): Promise<LoadReport> {
  const { hostname, port } = new URL(baseUrl)
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections })
  const sockets = new Set<Socket>()
  const report: LoadReport = { done: 0, errors: [], wrong: [], sockets: 0, booms: 0, ms: 0 }
  const started = Date.now()
  let issued = 0
  const one = (index: number) =>
    new Promise<void>((resolve) => {
      const boom = index % BOOM_EVERY === BOOM_EVERY - 1
      const expected = boom ? { path: '/boom', status: 500, contains: 'Server Error' } : (MIX[index % MIX.length] as (typeof MIX)[number])
      const req = request({ host: hostname, port, path: expected.path, agent, timeout: 10_000 }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => {
          if (res.statusCode !== expected.status || (expected.contains && !body.includes(expected.contains))) {
            report.wrong.push(`${expected.path} → ${res.statusCode} ${body.slice(0, 120)}`)
          }
          if (boom) report.booms++
          report.done++
          resolve()
        })
        res.on('error', (error) => {
          report.errors.push(`${expected.path}: ${error.message}`)
          resolve()
        })
      })
      req.on('socket', (socket: Socket) => sockets.add(socket))
      req.on('timeout', () => req.destroy(new Error('timed out after 10 s')))
      req.on('error', (error) => {
        report.errors.push(`${expected.path}: ${error.message}`)
        resolve()
      })
      req.end()
    })
  const worker = async () => {
    while (issued < count && Date.now() - started < TIME_LIMIT_MS) await one(issued++)
  }
  await Promise.all(Array.from({ length: connections }, worker))
  agent.destroy()
  report.sockets = sockets.size
  report.ms = Date.now() - started
  return report
}

describe('under load', () => {
  let served: ServedApp

  before(async () => {
    served = await servedSecurityApp()
  })

  test(`${REQUESTS} requests at ${CONNECTIONS} keep-alive connections: no errors, no dropped connections, flat memory`, async (t) => {
    const pid = served.process.pid as number
    const warm = await load(served.url, WARM_UP, CONNECTIONS)
    assert.deepEqual([...warm.errors, ...warm.wrong].slice(0, 5), [])
    const rssWarm = residentKb(pid)

    const run = await load(served.url, REQUESTS, CONNECTIONS)
    const rssAfter = residentKb(pid)
    t.diagnostic(
      `${run.done} requests in ${run.ms} ms (${Math.round((run.done / run.ms) * 1000)}/s) over ${run.sockets} sockets; ` +
        `${run.booms} answered 500 from the throwing handler; RSS ${Math.round(rssWarm / 1024)} MB after warm-up → ${Math.round(rssAfter / 1024)} MB after`,
    )
    assert.equal(run.done, REQUESTS, `only ${run.done} requests finished within ${TIME_LIMIT_MS} ms`)
    assert.deepEqual(run.errors.slice(0, 5), [], `${run.errors.length} requests failed`)
    assert.deepEqual(run.wrong.slice(0, 5), [], `${run.wrong.length} answers were not the expected ones`)
    assert.ok(run.sockets <= CONNECTIONS, `${run.sockets} sockets were opened for ${CONNECTIONS} connections: the server dropped some`)
    assert.equal(run.booms, Math.floor(REQUESTS / BOOM_EVERY))
    assert.ok(rssAfter <= rssWarm * 1.3, `resident memory grew from ${rssWarm} kB to ${rssAfter} kB`)
  })

  test('a handler that throws answers 500 without details in production, and the server keeps serving', async () => {
    const boom = await fetch(`${served.url}/boom`)
    assert.equal(boom.status, 500)
    const page = await boom.text()
    assert.ok(!page.includes('kaboom from a handler'), 'production error pages do not show the message')
    assert.ok(!/at .*routes\/web\.ts/.test(page), 'nor the stack')
    for (const path of ['/', '/blog', '/vendor/blog/blog.css']) assert.equal((await fetch(`${served.url}${path}`)).status, 200, path)
    assert.equal(served.process.exitCode, null, 'the server is still running')
    assert.match(served.output(), /kaboom from a handler/, 'the error is logged on the server')
  })
})
