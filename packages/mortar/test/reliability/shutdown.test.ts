// Graceful shutdown of a real `craft serve` process (production, in-process) under load on
// 127.0.0.1: SIGTERM loses no request the app accepted, idle keep-alive connections do not hold
// the process, providers' shutdown() runs after the last answer, and app.shutdownTimeout bounds
// how long a request may hold the process.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertOneLineError, writeFiles } from '../core/support.js'
import { craft, createTempApp, freePort, removeTempApp, type ServedApp, serveApp, stopChild } from '../support/temp_app.js'
import { get, isRunning, killAll, load, type Outcome, PROBE_APP, waitFor } from './serve_support.js'

const HELD = 40

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

function shutdownReport(root: string, pid: number): { started: string[]; finished: string[] } | undefined {
  const file = join(root, 'storage', `shutdown-${pid}.json`)
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

describe('craft serve stops gracefully on SIGTERM', { timeout: 60_000 }, () => {
  let root: string
  let served: ServedApp | undefined

  before(() => {
    root = createTempApp({ name: 'shutdown' })
    writeFiles(root, PROBE_APP)
  })

  after(async () => {
    await served?.stop()
    if (root) removeTempApp(root)
  })

  it('answers every request it accepted, in full, then runs shutdown() and exits 0', async () => {
    served = await serveApp(root, { env: { APP_ENV: 'production' } })
    const { url } = served
    const pid = served.process.pid as number

    // An idle keep-alive connection, as a browser leaves one: it must not keep the process up.
    const idleAgent = new Agent({ keepAlive: true })
    assert.equal((await get(url, '/pid', idleAgent)).body, String(pid))

    // Requests held until the process gets SIGTERM, so that they are surely in flight then…
    const held = Promise.all(Array.from({ length: HELD }, (_, n) => get(url, `/held?id=h${n}`)))
    await waitFor(async () => (await fetch(`${url}/probe`)).json().then((probe) => probe.held === HELD), 15_000, 'the held requests')
    // …and a steady load of 300 ms requests over keep-alive connections, before and after it.
    let stopped = false
    const running = load(url, { concurrency: 8, max: 2000, path: (n) => `/slow?id=s${n}&ms=300`, until: () => stopped })
    await waitFor(async () => (await fetch(`${url}/probe`)).json().then((probe) => probe.started >= HELD + 8), 15_000, 'the load')

    served.process.kill('SIGTERM')
    const exit = await exited(served.process)
    stopped = true
    const outcomes: Outcome[] = [...(await held), ...(await running)]
    idleAgent.destroy()

    assert.deepEqual(exit, { code: 0, signal: null }, served.output())
    const report = shutdownReport(root, pid)
    assert.ok(report, 'the provider’s shutdown() ran')
    // shutdown() ran after the last request finished: everything started had finished.
    assert.deepEqual([...report.finished].sort(), [...report.started].sort())

    const byId = new Map(outcomes.map((outcome) => [new URL(outcome.path, url).searchParams.get('id'), outcome]))
    for (const id of report.started) {
      const outcome = byId.get(id)
      assert.equal(outcome?.status, 200, `request ${id} was accepted but got ${JSON.stringify(outcome)}`)
      assert.equal(outcome?.body, `done ${id} ${pid}`)
    }
    for (const n of Array.from({ length: HELD }, (_, n) => n)) assert.ok(report.started.includes(`h${n}`))
    // A request the app never saw may only have failed to connect, never with an HTTP error.
    for (const outcome of outcomes) {
      if (outcome.status !== undefined) assert.equal(outcome.status, 200, JSON.stringify(outcome))
    }
    assert.ok(
      report.started.some((id) => id.startsWith('s')),
      'the load was served too',
    )
    assert.doesNotMatch(served.output(), /cut short/)
  })

  it('cuts a request still running after app.shutdownTimeout and still exits 0 after shutdown()', async () => {
    const appConfig = join(root, 'config', 'app.ts')
    const config = readFileSync(appConfig, 'utf8').replace(/^\s*shutdownTimeout:.*$/m, '')
    writeFileSync(appConfig, config.replace('export default {', 'export default {\n  shutdownTimeout: 300,'))
    served = await serveApp(root, { env: { APP_ENV: 'production' } })
    const pid = served.process.pid as number
    const { url } = served

    const forever = get(url, '/forever')
    await waitFor(async () => (await fetch(`${url}/probe`)).json().then((probe) => probe.held === 1), 15_000, 'the request in flight')
    served.process.kill('SIGTERM')
    // Without the timeout the request would hold the process for a minute, past this test's own.
    const exit = await exited(served.process)

    assert.deepEqual(exit, { code: 0, signal: null }, served.output())
    assert.match(served.output(), /1 request was still running after 300 ms \(app\.shutdownTimeout\) and cut short/)
    assert.ok((await forever).error, 'the cut request ends with a closed connection')
    assert.deepEqual(shutdownReport(root, pid)?.started, ['forever'])
  })
  it('stops on SIGINT too, and a second SIGINT (Ctrl+C again) cuts what is still running at once', async () => {
    const appConfig = join(root, 'config', 'app.ts')
    writeFileSync(appConfig, readFileSync(appConfig, 'utf8').replace(/shutdownTimeout:.*$/m, 'shutdownTimeout: 120_000,'))
    served = await serveApp(root, { env: { APP_ENV: 'production' } })
    const pid = served.process.pid as number
    const { url } = served

    const forever = get(url, '/forever')
    await waitFor(async () => (await get(url, '/probe')).body?.includes('"held":1'), 15_000, 'the request in flight')
    served.process.kill('SIGINT')
    // Draining has begun once the port refuses new connections.
    await waitFor(async () => (await get(url, '/probe')).error === 'ECONNREFUSED', 15_000, 'the server to stop listening')
    served.process.kill('SIGINT')
    // Far sooner than the two minutes the timeout would allow.
    await waitFor(() => served?.process.exitCode !== null, 15_000, 'the process to exit')

    assert.equal(served.process.exitCode, 0, served.output())
    assert.match(served.output(), /1 request was cut short by a second Ctrl\+C/)
    assert.ok((await forever).error, 'the cut request ends with a closed connection')
    assert.deepEqual(shutdownReport(root, pid)?.started, ['forever'])
  })

  it('refuses an app.shutdownTimeout that is not a number of milliseconds, in one line', () => {
    const appConfig = join(root, 'config', 'app.ts')
    writeFileSync(appConfig, readFileSync(appConfig, 'utf8').replace(/shutdownTimeout:.*$/m, "shutdownTimeout: '10s',"))
    const run = craft(root, ['serve', '--port', '0'], { env: { APP_ENV: 'production' }, timeout: 30_000 })
    assertOneLineError(run, 'app.shutdownTimeout must be a number of milliseconds, not "10s"', 'shutdownTimeout: 10_000')
  })
})

describe('npm start stops with its npm process', { timeout: 60_000 }, () => {
  let root: string
  let npm: ChildProcess | undefined
  let craftPid: number | undefined

  before(() => {
    root = createTempApp({ name: 'npm-start' })
    writeFiles(root, PROBE_APP)
  })

  after(async () => {
    if (npm) await stopChild(npm)
    if (craftPid) killAll([craftPid])
    if (root) removeTempApp(root)
  })

  it('SIGTERM to npm reaches craft serve, which drains and exits (the scaffold’s start script execs craft)', async () => {
    const port = await freePort()
    npm = spawn('npm', ['start', '--', '--port', String(port)], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' })
    const url = `http://127.0.0.1:${port}`
    craftPid = Number(await waitFor(async () => (await get(url, '/pid')).body, 20_000, 'npm start to serve'))
    const held = get(url, '/held?id=npm')
    await waitFor(async () => (await get(url, '/probe')).body?.includes('"held":1'), 10_000, 'the request in flight')
    npm.kill('SIGTERM')
    assert.equal((await held).body, `done npm ${craftPid}`)
    await waitFor(() => !isRunning(craftPid as number), 15_000, 'craft serve to exit')
    assert.ok(shutdownReport(root, craftPid), 'the provider’s shutdown() ran')
  })
})
