// The HTTP layer over real sockets, against the real `craft serve`: a client receives all three
// Set-Cookie headers; ctx.ip() ignores a forged X-Forwarded-For unless trustedProxies says so
// (also behind the development server); HSTS only in production over HTTPS from a trusted proxy;
// a body declared too large answers 413 without being read; a slowloris client is dropped.
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { rawRequest, sleep, writeFiles } from '../core/support.js'
import { craft, createTempApp, removeTempApp, type ServedApp, serveApp } from '../support/temp_app.js'
import { HTTP_APP_FILES } from './app_files.js'

/** Opens a raw connection to a served app. */
async function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  socket.on('error', () => {}) // writes after the server closed fail; the test reads what it got
  await new Promise((resolve) => socket.once('connect', resolve))
  return socket
}

/** Everything the server sends until it closes the connection, bounded to `ms`. */
function readUntilClosed(socket: Socket, ms: number): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString('latin1')))
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ text, closed: false })
    }, ms)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve({ text, closed: true })
    })
  })
}

describe('the HTTP layer over real sockets', { timeout: 180_000 }, () => {
  let root: string
  let plain: ServedApp
  let proxied: ServedApp

  before(async () => {
    root = createTempApp({ name: 'http-socket' })
    writeFiles(root, HTTP_APP_FILES)
    const production = { APP_ENV: 'production', APP_DEBUG: '' }
    // Production creates no table on first use: the sessions table comes from craft migrate.
    assert.equal(craft(root, ['migrate'], { env: production }).code, 0)
    plain = await serveApp(root, { env: production, args: ['--no-reload'] })
    proxied = await serveApp(root, { env: { ...production, TRUSTED_PROXIES: 'loopback', HEADERS_TIMEOUT: '1000' }, args: ['--no-reload'] })
  })

  after(async () => {
    await plain?.stop()
    await proxied?.stop()
    removeTempApp(root)
  })

  it('delivers the three Set-Cookie headers of one answer (two middleware and the handler) to a client', async () => {
    const answer = await rawRequest(plain.url, '/cookies')
    assert.equal(answer.status, 200)
    assert.deepEqual(((answer.headers['set-cookie'] ?? []) as string[]).sort(), ['handler=3; Path=/', 'inner=2; Path=/', 'outer=1; Path=/'])
  })

  it('routes a form POST with _method=DELETE as DELETE, and parses forms, over a real socket', async () => {
    // A form of the web group carries the session's CSRF token, as a browser's would.
    const session = await fetch(new URL('/token', plain.url))
    const { token } = (await session.json()) as { token: string }
    const cookie = session.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ')
    const send = (path: string, type: string, body: string | FormData) =>
      fetch(new URL(path, plain.url), { method: 'POST', body, headers: { cookie, ...(type ? { 'content-type': type } : {}) } })
    const deleted = await send('/items/5', 'application/x-www-form-urlencoded', `_method=DELETE&_token=${encodeURIComponent(token)}`)
    assert.deepEqual(await deleted.json(), { deleted: '5', method: 'DELETE' })
    const multipart = new FormData()
    multipart.append('_token', token)
    multipart.append('_method', 'PUT')
    multipart.append('user[name]', 'Ada')
    const put = await send('/echo', '', multipart)
    assert.deepEqual(await put.json(), { method: 'PUT', body: { _token: token, _method: 'PUT', user: { name: 'Ada' } } })
    // A JSON body sends the token as a header, as a script would.
    const malformed = await fetch(new URL('/echo', plain.url), {
      method: 'POST',
      body: '{"name":',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': token },
    })
    assert.equal(malformed.status, 400)
    // A chunked form body (no Content-Length) is read for _method too.
    const socket = await open(plain.url)
    const reading = readUntilClosed(socket, 10_000)
    const chunk = `title=x&_method=PATCH&_token=${encodeURIComponent(token)}`
    socket.write(`POST /items/7 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: ${cookie}\r\n`)
    socket.write('Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n')
    socket.end(`${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`)
    const { text } = await reading
    assert.match(text, /^HTTP\/1\.1 200 /)
    assert.match(text, /\{"patched":"7","method":"PATCH"\}/)
  })

  it('gives the socket’s address when no proxy is trusted, whatever X-Forwarded-For claims', async () => {
    const answer = await rawRequest(plain.url, '/ip', { headers: { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.9' } })
    assert.deepEqual(JSON.parse(answer.body), { ip: '127.0.0.1' })
  })

  it('reads X-Forwarded-For through trusted proxies (trustedProxies: loopback), from the right', async () => {
    const ip = async (forwarded: string) =>
      JSON.parse((await rawRequest(proxied.url, '/ip', { headers: { 'x-forwarded-for': forwarded } })).body).ip
    assert.equal(await ip('203.0.113.7'), '203.0.113.7')
    // The left part is whatever the client sent; the proxy appended the address it saw.
    assert.equal(await ip('198.51.100.1, 203.0.113.7'), '203.0.113.7')
    // A second proxy on loopback is trusted too; the first address beyond them is the client.
    assert.equal(await ip('10.0.0.1, 127.0.0.1'), '10.0.0.1')
    // Garbage from the proxy ends the walk at the proxy.
    assert.equal(await ip('not-an-address'), '127.0.0.1')
  })

  it('sends HSTS in production only over HTTPS, as a trusted proxy reports it; never for a forged header', async () => {
    const hsts = async (app: ServedApp, headers: Record<string, string>) =>
      (await rawRequest(app.url, '/page', { headers })).headers['strict-transport-security']
    assert.equal(await hsts(proxied, { 'x-forwarded-proto': 'https' }), 'max-age=15552000; includeSubDomains')
    assert.equal(await hsts(proxied, {}), undefined)
    assert.equal(await hsts(plain, { 'x-forwarded-proto': 'https' }), undefined)
    const page = await rawRequest(plain.url, '/page')
    assert.equal(page.headers['x-content-type-options'], 'nosniff')
    assert.equal(page.headers['referrer-policy'], 'strict-origin-when-cross-origin')
    assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN')
  })

  it('answers 413 to a body declared larger than the limit and closes the connection without reading the rest', async () => {
    for (const [path, declared] of [
      ['/echo', 50 * 1024 * 1024],
      ['/small', 4096],
    ] as const) {
      const socket = await open(plain.url)
      const reading = readUntilClosed(socket, 10_000)
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: ${declared}\r\n\r\n`)
      socket.write(Buffer.alloc(1024, 120)) // 1 KB of the declared body, and no more
      const { text, closed } = await reading
      assert.match(text, /^HTTP\/1\.1 413 /, text.slice(0, 200))
      assert.match(text, /\r\nconnection: close\r\n/i)
      assert.ok(closed, 'the server closed the connection, with the body still unsent')
    }
  })

  it('drops a client that sends its headers one byte a second (headersTimeout 1 s)', async () => {
    const socket = await open(proxied.url)
    const reading = readUntilClosed(socket, 65_000)
    const request = `GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(40)}\r\n\r\n`
    let sent = 0
    let closed = false
    void reading.then(() => (closed = true))
    // One byte a second for up to a minute; the server must hang up long before the last one.
    while (!closed && sent < 60) {
      socket.write(request[sent] as string)
      sent++
      await Promise.race([sleep(1000), reading])
    }
    const { text } = await reading
    assert.ok(closed && sent < request.length, `the server kept the connection open for ${sent} bytes`)
    if (text !== '') assert.match(text, /^HTTP\/1\.1 408 /)
    // The server still answers others.
    assert.equal((await rawRequest(proxied.url, '/page')).status, 200)
  })
})

describe('ctx.ip() behind the development server', { timeout: 120_000 }, () => {
  let root: string
  let served: ServedApp

  before(async () => {
    root = createTempApp({ name: 'http-dev' })
    writeFiles(root, HTTP_APP_FILES)
    served = await serveApp(root, { env: { APP_ENV: 'development' } })
  })
  after(async () => {
    await served?.stop()
    removeTempApp(root)
  })

  it('is the real peer (the front server passes it on), and a forged X-Forwarded-For changes nothing', async () => {
    const answer = await rawRequest(served.url, '/ip', { headers: { 'x-forwarded-for': '203.0.113.9' } })
    assert.deepEqual(JSON.parse(answer.body), { ip: '127.0.0.1' })
  })
})
