// A small keep-alive HTTP/1.1 load client, run as its own process so its work never shares an
// event loop with the server it measures. Each connection sends one request, waits for the whole
// answer, and sends the next (no pipelining). It only talks to 127.0.0.1 and always stops by itself.
//
// Why not autocannon: on these 2-core machines autocannon (its JS HTTP parser) topped out near
// 19k req/s against bare Hono while this client reached 27–32k, so autocannon would have measured
// itself and squeezed every ratio towards 1.
//
// Usage: node --import tsx bench/load/client.ts '<JSON of LoadOptions>'  → prints one JSON LoadResult;
// without the argument it reads one LoadOptions per line of stdin until stdin ends.
import { connect, type Socket } from 'node:net'

/** What to send. With `requests`, exactly that many (then stop); else for `durationMs` after `warmupMs`. */
export interface LoadOptions {
  port: number
  /** Requested in turn, round robin. */
  paths: string[]
  connections: number
  warmupMs?: number
  durationMs?: number
  requests?: number
  /** GET unless told; a POST sends `body` (form-encoded unless `headers` say otherwise). */
  method?: 'GET' | 'POST'
  /** Extra request headers (a session cookie, a CSRF token). */
  headers?: Record<string, string>
  body?: string
  /** The status class every answer must have: '2' (default) or '3' (a redirect after a form POST). */
  expectClass?: '2' | '3'
}

/** What came back. `requests` and `rps` count only the measured window (after the warm-up). */
export interface LoadResult {
  requests: number
  /** Answers not of the expected status class (see `expectClass`). */
  unexpected: number
  /** Every answer, warm-up included. */
  total: number
  seconds: number
  rps: number
  non2xx: number
  errors: number
}

/** Hard stop whatever happens: the longest any run may take. */
const CEILING_MS = 120_000

function run(options: LoadOptions): Promise<LoadResult> {
  const requests = options.paths.map((path) => requestBytes(options, path))
  const expected = options.expectClass ?? '2'
  const limit = options.requests ?? Number.POSITIVE_INFINITY
  let next = 0
  let sent = 0
  let counted = 0
  let total = 0
  let non2xx = 0
  let unexpected = 0
  let errors = 0
  let measuring = options.requests !== undefined
  let stopped = false
  let windowStart = performance.now()
  const sockets = new Set<Socket>()

  return new Promise((resolve) => {
    const finish = () => {
      if (stopped) return
      stopped = true
      const seconds = (performance.now() - windowStart) / 1000
      for (const socket of sockets) socket.destroy()
      clearTimeout(ceiling)
      resolve({ requests: counted, total, seconds, rps: counted / seconds, non2xx, unexpected, errors })
    }
    const ceiling = setTimeout(finish, CEILING_MS)

    const send = (socket: Socket): boolean => {
      if (stopped || sent >= limit) return false
      sent++
      socket.write(requests[next++ % requests.length] as Buffer)
      return true
    }

    const open = () => {
      const socket = connect(options.port, '127.0.0.1')
      socket.setNoDelay(true)
      sockets.add(socket)
      let pending: Buffer | undefined
      socket.on('connect', () => send(socket))
      socket.on('data', (chunk: Buffer) => {
        pending = pending ? Buffer.concat([pending, chunk]) : chunk
        for (;;) {
          const length = responseLength(pending)
          if (length === undefined) return
          const statusClass = pending.toString('latin1', 9, 10)
          if (statusClass !== '2') non2xx++
          if (statusClass !== expected) unexpected++
          total++
          if (measuring) counted++
          pending = length === pending.length ? undefined : pending.subarray(length)
          if (counted >= limit) return finish()
          if (!send(socket) || pending === undefined) return
        }
      })
      socket.on('error', () => {
        errors++
      })
      socket.on('close', () => {
        sockets.delete(socket)
        // A server that closed the connection: open another, as a browser would.
        if (!stopped && errors < 1000) open()
      })
    }
    for (let index = 0; index < options.connections; index++) open()

    if (options.requests === undefined) {
      setTimeout(() => {
        measuring = true
        windowStart = performance.now()
        setTimeout(finish, options.durationMs ?? 3000)
      }, options.warmupMs ?? 1000)
    }
  })
}

/** One request as bytes: the method, the path, keep-alive, the extra headers and the body. */
function requestBytes(options: LoadOptions, path: string): Buffer {
  const body = Buffer.from(options.body ?? '')
  const headers: Record<string, string> = { Host: '127.0.0.1', Connection: 'keep-alive', ...options.headers }
  if (options.method === 'POST') {
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded'
    headers['Content-Length'] = String(body.length)
  }
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  return Buffer.concat([Buffer.from(`${options.method ?? 'GET'} ${path} HTTP/1.1\r\n${head}\r\n`), body])
}

/** The byte length of the first whole response in `buffer`, or undefined while it is incomplete. */
function responseLength(buffer: Buffer): number | undefined {
  const headEnd = buffer.indexOf('\r\n\r\n')
  if (headEnd < 0) return undefined
  const head = buffer.toString('latin1', 0, headEnd)
  const bodyStart = headEnd + 4
  const declared = /\r\ncontent-length:\s*(\d+)/i.exec(head)
  if (declared) {
    const end = bodyStart + Number(declared[1])
    return buffer.length >= end ? end : undefined
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const last = buffer.indexOf('\r\n0\r\n\r\n', bodyStart - 2)
    return last < 0 ? undefined : last + 7
  }
  return bodyStart
}

// One job from the argument, or (no argument) one job per line of stdin, one result line each:
// the suite keeps one client process for all its runs instead of starting one per run.
if (process.argv[2]) {
  process.stdout.write(`${JSON.stringify(await run(parse(process.argv[2])))}\n`)
  process.exit(0)
}
const { createInterface } = await import('node:readline')
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue
  process.stdout.write(`${JSON.stringify(await run(parse(line)))}\n`)
}

function parse(json: string): LoadOptions {
  const options = JSON.parse(json) as LoadOptions
  if (!Number.isInteger(options.port) || !options.paths?.length || !(options.connections > 0)) {
    throw new Error(`not load options: ${json}`)
  }
  return options
}
