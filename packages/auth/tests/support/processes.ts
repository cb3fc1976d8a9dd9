// Real processes for the tests that need them: the workspace's `craft`, run in a folder, and
// `craft serve` on a free port, stopped by its PID.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const CRAFT_BIN = fileURLToPath(import.meta.resolve('mortar/package.json').replace(/package\.json$/, 'bin/craft.js'))

/** What a craft run printed and returned. */
export interface CraftRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real `craft` in `cwd`, bounded by `timeout` ms. */
export function craft(cwd: string, args: string[], env: Record<string, string> = {}, timeout = 120_000): CraftRun {
  const result = spawnSync(process.execPath, [CRAFT_BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout,
  })
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** A running `craft serve`. */
export interface Served {
  url: string
  output: () => string
  stop(): Promise<void>
}

/** Starts `craft serve --no-reload` in `cwd` and waits (up to 30 s) until it answers. */
export async function serve(cwd: string, env: Record<string, string>): Promise<Served> {
  const port = await freePort()
  const child = spawn(process.execPath, [CRAFT_BIN, 'serve', '--port', String(port), '--no-reload'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const stop = () => stopChild(child)
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`craft serve exited early:\n${output}`)
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
      break
    } catch {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`craft serve did not answer within 30 s:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return { url, output: () => output, stop }
}

/** Ends a child process by its PID: SIGTERM, then SIGKILL after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const force = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A browser's cookie jar, enough for one site. */
export class Browser {
  readonly cookies = new Map<string, string>()

  async request(url: string, init: { method?: string; form?: Record<string, string>; referer?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
    if (init.referer) headers.referer = init.referer
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at)
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, pair.slice(at + 1))
    }
    return response
  }
}
