// Support for the tests of craft serve as a process: an app whose routes and provider report
// what the server did, a bounded HTTP load on 127.0.0.1, and checks on process existence.
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'

/**
 * Files of a temp app that reports on itself: `/slow?id=&ms=` answers `done <id> <pid>` after
 * `ms`; `/held?id=` answers the same 1 s after the process got SIGTERM; `/forever` never
 * answers; `/probe` says what is in flight; `/pid` answers the process id. The provider's
 * shutdown() writes `storage/shutdown-<pid>.json`: the ids started and finished by then; its
 * boot() throws while `storage/crash-on-boot` exists.
 */
export const PROBE_APP: Record<string, string> = {
  '.env': 'APP_ENV=production\n',
  'app/probe.ts': `export const started: string[] = []
export const finished: string[] = []
export const held = new Set<string>()
export let sigterm = false
const waiting: Array<() => void> = []
process.once('SIGTERM', () => {
  sigterm = true
  for (const wake of waiting.splice(0)) wake()
})
export function afterSigterm(): Promise<void> {
  return sigterm ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve))
}
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
`,
  'routes/web.ts': `import { Route } from 'mortar'
import { afterSigterm, finished, held, sleep, started } from '../app/probe.js'

export default [
  Route.get('/', () => 'ok'),
  Route.get('/pid', () => String(process.pid)),
  Route.get('/probe', () => ({ held: held.size, started: started.length, finished: finished.length })),
  Route.get('/slow', async (ctx) => {
    const id = ctx.query.id ?? '?'
    started.push(id)
    await sleep(Number(ctx.query.ms ?? 300))
    finished.push(id)
    return \`done \${id} \${process.pid}\`
  }),
  Route.get('/held', async (ctx) => {
    const id = ctx.query.id ?? '?'
    started.push(id)
    held.add(id)
    await afterSigterm()
    // Longer than any fixed grace a server might give before cutting connections.
    await sleep(1000)
    finished.push(id)
    return \`done \${id} \${process.pid}\`
  }),
  Route.get('/forever', async () => {
    started.push('forever')
    held.add('forever')
    await sleep(60_000)
    return 'too late'
  }),
]
`,
  'app/providers/app_provider.ts': `import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Provider } from 'mortar'
import { finished, started } from '../probe.js'

export default class AppProvider extends Provider {
  boot() {
    if (existsSync(join(this.app.root, 'storage', 'crash-on-boot'))) throw new Error('crashing on boot, as the test asked')
  }

  shutdown() {
    const file = join(this.app.root, 'storage', \`shutdown-\${process.pid}.json\`)
    writeFileSync(\`\${file}.tmp\`, JSON.stringify({ started, finished }))
    renameSync(\`\${file}.tmp\`, file)
  }
}
`,
}

/** One request's outcome: its status and body, or the error that ended it. */
export interface Outcome {
  path: string
  status?: number
  body?: string
  error?: string
}

/** A GET on 127.0.0.1, bounded to 15 s, that never rejects. */
export function get(baseUrl: string, path: string, agent: Agent | false = false): Promise<Outcome> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve) => {
    const req = request({ host: hostname, port, path, agent, timeout: 15_000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ path, status: res.statusCode, body }))
      res.on('error', (error) => resolve({ path, status: res.statusCode, body, error: String(error) }))
    })
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ path, error: error.code ?? error.message }))
    req.end()
  })
}

/**
 * Keeps `concurrency` loops of requests going over keep-alive connections until `until()` is true
 * (checked before each request) or `max` requests were sent; `path(n)` names the n-th request.
 */
export async function load(
  baseUrl: string,
  options: { concurrency: number; max: number; path: (n: number) => string; until: () => boolean },
): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency })
  const outcomes: Outcome[] = []
  let sent = 0
  const loop = async () => {
    while (!options.until() && sent < options.max) {
      outcomes.push(await get(baseUrl, options.path(sent++), agent))
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, loop))
  } finally {
    agent.destroy()
  }
  return outcomes
}

/**
 * Whether `craft serve` still runs under `pid`: a zombie waiting to be reaped has exited, and a
 * pid reused by another program (pids wrap around) is not ours.
 */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    return !/^\d+ \(.*\) Z/.test(stat) && /craft/.test(command) && /serve/.test(command)
  } catch {
    return false
  }
}

/** Polls `check` every 50 ms until it holds, failing after `timeoutMs` with `what`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Kills, by pid, whichever of `pids` still run `craft serve` (for `after` hooks), never a
 * program that took over the pid of one that exited.
 */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    if (!isRunning(pid)) continue
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}
