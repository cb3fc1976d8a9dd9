// craft serve --workers N and the development server as process trees: a worker killed with
// SIGKILL is replaced, SIGHUP replaces every worker under load with zero failed requests, and no
// child (cluster worker or development child) outlives a parent killed with SIGKILL.
import assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { writeFiles } from '../core/support.js'
import { craft, createTempApp, removeTempApp, type ServedApp, serveApp } from '../support/temp_app.js'
import { get, isRunning, killAll, load, PROBE_APP, waitFor } from './serve_support.js'

const PRODUCTION = { APP_ENV: 'production' }

/** The pids of the workers the primary reported serving, in order. */
function servingPids(served: ServedApp): number[] {
  return [...served.output().matchAll(/Worker (\d+) is serving/g)].map((match) => Number(match[1]))
}

describe('craft serve --workers', { timeout: 60_000 }, () => {
  let root: string
  const started: ServedApp[] = []
  const pids = new Set<number>()

  before(() => {
    root = createTempApp({ name: 'workers' })
    writeFiles(root, PROBE_APP)
  })

  after(async () => {
    for (const served of started) await served.stop()
    killAll(pids)
    if (root) removeTempApp(root)
  })

  async function serveWorkers(): Promise<ServedApp> {
    const served = await serveApp(root, { env: PRODUCTION, args: ['--workers', '2'] })
    started.push(served)
    pids.add(served.process.pid as number)
    await waitFor(() => servingPids(served).length >= 2, 15_000, 'two workers serving')
    for (const pid of servingPids(served)) pids.add(pid)
    return served
  }

  it('runs N workers on one port and replaces one killed with SIGKILL', async () => {
    const served = await serveWorkers()
    assert.match(served.output(), /Mortar is serving http:\/\/127\.0\.0\.1:\d+ \(production, 2 workers;/)
    const [victim, survivor] = servingPids(served) as [number, number]
    // Both workers answer on the one port.
    const answered = new Set<string>()
    await waitFor(
      async () => {
        answered.add((await get(served.url, '/pid')).body ?? '')
        return answered.size === 2
      },
      10_000,
      'answers from both workers',
    )
    assert.deepEqual([...answered].map(Number).sort(), [victim, survivor].sort())

    process.kill(victim, 'SIGKILL')
    await waitFor(() => servingPids(served).length === 3, 15_000, 'a new worker')
    const replacement = servingPids(served)[2] as number
    pids.add(replacement)
    assert.match(served.output(), new RegExp(`Worker ${victim} exited \\(SIGKILL\\); starting another in 0\\.2 s`))
    assert.equal(isRunning(victim), false)
    assert.ok(isRunning(survivor) && isRunning(replacement))
    const now = new Set<string>()
    await waitFor(
      async () => {
        now.add((await get(served.url, '/pid')).body ?? '')
        return now.size === 2
      },
      10_000,
      'answers from the survivor and the replacement',
    )
    assert.deepEqual([...now].map(Number).sort(), [survivor, replacement].sort())
    await served.stop()
    assert.equal(served.process.exitCode, 0, served.output())
  })

  it('SIGHUP replaces every worker one by one and a load running meanwhile sees no failure', async () => {
    const served = await serveWorkers()
    const before = servingPids(served)
    let done = false
    const running = load(served.url, {
      concurrency: 8,
      max: 20_000,
      path: (n) => `/slow?id=r${n}&ms=20`,
      until: () => done,
    })
    // Some load first, so that the workers are busy when the signal comes.
    await waitFor(async () => (await get(served.url, '/probe')).status === 200, 5000, 'the app')
    served.process.kill('SIGHUP')
    await waitFor(() => /All workers replaced/.test(served.output()), 30_000, 'the rolling restart')
    const after = servingPids(served).slice(before.length)
    for (const pid of after) pids.add(pid)
    // A little more load on the new workers, then stop.
    await waitFor(async () => after.includes(Number((await get(served.url, '/pid')).body)), 5000, 'a new worker answering')
    done = true
    const outcomes = await running

    const failures = outcomes.filter((outcome) => outcome.status !== 200 || outcome.error)
    assert.deepEqual(failures, [], `${failures.length} of ${outcomes.length} requests failed`)
    const answeredBy = new Set(outcomes.map((outcome) => Number(outcome.body?.split(' ')[2])))
    assert.ok(
      before.some((pid) => answeredBy.has(pid)) && after.some((pid) => answeredBy.has(pid)),
      'the load was answered by old and new workers',
    )
    assert.equal(after.length, 2)
    await waitFor(() => before.every((pid) => !isRunning(pid)), 15_000, 'the old workers to exit')
    await served.stop()
    assert.equal(served.process.exitCode, 0, served.output())
  })

  it('restarts a worker that keeps crashing with a growing delay, and serves again once it boots', async () => {
    const served = await serveWorkers()
    const [victim] = servingPids(served) as [number]
    const crashFlag = join(root, 'storage', 'crash-on-boot')
    writeFileSync(crashFlag, '')
    try {
      process.kill(victim, 'SIGKILL')
      const delays = () => [...served.output().matchAll(/exited \([^)]*\); starting another in ([\d.]+) s/g)].map((match) => match[1])
      await waitFor(() => delays().length >= 4, 20_000, 'four restarts')
      assert.deepEqual(delays().slice(0, 4), ['0.2', '0.4', '0.8', '1.6'])
      assert.match(served.output(), /crashing on boot, as the test asked/)
    } finally {
      rmSync(crashFlag, { force: true })
    }
    await waitFor(() => servingPids(served).length === 3, 20_000, 'a worker serving again')
    for (const pid of servingPids(served)) pids.add(pid)
    await served.stop()
    assert.equal(served.process.exitCode, 0, served.output())
  })

  it('workers exit when the primary is killed with SIGKILL', async () => {
    const served = await serveWorkers()
    const workers = servingPids(served)
    served.process.kill('SIGKILL')
    await waitFor(() => workers.every((pid) => !isRunning(pid)), 5000, 'the workers to exit')
  })

  it('refuses a bad count, stops when a worker cannot boot, and in development says --workers is ignored', async () => {
    const bad = await serveApp(root, { env: PRODUCTION, args: ['--workers', 'many'] }).catch((error: Error) => error)
    assert.ok(bad instanceof Error)
    assert.match(bad.message, /error --workers must be a number from 1 to 256 or "auto", not "many"/)

    // A worker that cannot boot stops the start, with the worker's error above one line.
    writeFileSync(join(root, 'storage', 'crash-on-boot'), '')
    try {
      const failed = craft(root, ['serve', '--port', '0', '--workers', '2'], { env: PRODUCTION, timeout: 30_000 })
      assert.equal(failed.code, 1)
      assert.match(failed.stderr, /crashing on boot, as the test asked/)
      assert.match(failed.stderr, /^error A worker exited before it could serve — Its error is printed above/m)
    } finally {
      rmSync(join(root, 'storage', 'crash-on-boot'), { force: true })
    }

    const development = await serveApp(root, { env: { APP_ENV: 'development' }, args: ['--workers', '2', '--no-reload'] })
    started.push(development)
    assert.match(development.output(), /--workers applies in production only \(APP_ENV=production\); serving one process\./)
    assert.equal((await get(development.url, '/pid')).body, String(development.process.pid))
  })
})

describe('the development server', { timeout: 60_000 }, () => {
  let root: string
  let served: ServedApp | undefined
  let child: number | undefined

  before(() => {
    root = createTempApp({ name: 'dev-orphan' })
    writeFiles(root, { ...PROBE_APP, '.env': 'APP_ENV=development\n' })
  })

  after(async () => {
    await served?.stop()
    if (child) killAll([child])
    if (root) removeTempApp(root)
  })

  it('its app process exits when the supervisor is killed with SIGKILL', async () => {
    served = await serveApp(root, { env: { APP_ENV: 'development' } })
    child = Number((await get(served.url, '/pid')).body)
    assert.ok(child > 0 && child !== served.process.pid, 'the app runs in a child process')
    served.process.kill('SIGKILL')
    await waitFor(() => !isRunning(child as number), 5000, 'the child to exit')
  })
})
