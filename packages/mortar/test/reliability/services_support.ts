// A Redis server and a PostgreSQL cluster of the test's own, on free ports of 127.0.0.1, that it
// may stop and start again (never the machine's shared ones), and a client that keeps a cookie
// jar per connection and records each answer's status, headers and time.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../support/temp_app.js'

/** A redis-server child on its own port, without persistence; `stop()` ends it by PID. */
export class OwnRedis {
  #child?: ChildProcess

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort())
    await redis.start()
    return redis
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts the server (again, on the same port) and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.#child = child
    let output = ''
    child.stdout?.on('data', (chunk) => (output += chunk))
    const deadline = Date.now() + 10_000
    while (!output.includes('Ready to accept connections')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /** Freezes (SIGSTOP) or thaws (SIGCONT) the server: its connections stay open but nothing answers. */
  freeze(frozen: boolean): void {
    this.#child?.kill(frozen ? 'SIGSTOP' : 'SIGCONT')
  }

  /** Ends the server with `signal` and resolves once it has exited. */
  stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child
    this.#child = undefined
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGCONT')
      child.kill(signal)
    })
  }
}

const asPostgres = (args: string[]) => ['-u', 'postgres', '--', ...args]

/**
 * A PostgreSQL cluster made by `initdb` in a temp folder, run by the `postgres` user (through
 * runuser: the server refuses to run as root) on its own port, listening on 127.0.0.1 only.
 */
export class OwnPostgres {
  private constructor(
    readonly folder: string,
    readonly port: number,
  ) {}

  static async create(): Promise<OwnPostgres> {
    const folder = mkdtempSync(join(tmpdir(), 'mortar-pg-'))
    chmodSync(folder, 0o777)
    const cluster = new OwnPostgres(folder, await freePort())
    execFileSync('runuser', asPostgres(['initdb', '-D', cluster.data, '-A', 'trust', '-U', 'postgres', '--no-sync']), {
      stdio: 'pipe',
      timeout: 60_000,
    })
    cluster.start()
    return cluster
  }

  get data(): string {
    return join(this.folder, 'data')
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`
  }

  /** Starts the server and waits (pg_ctl -w) until it accepts connections. */
  start(): void {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.folder} -c fsync=off`
    execFileSync(
      'runuser',
      asPostgres(['pg_ctl', '-D', this.data, '-o', options, '-l', join(this.folder, 'log'), '-w', '-t', '30', 'start']),
      {
        stdio: 'pipe',
        timeout: 40_000,
      },
    )
  }

  /** Stops the server (`fast`: active connections are terminated) and waits until it is down. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    try {
      execFileSync('runuser', asPostgres(['pg_ctl', '-D', this.data, '-m', mode, '-w', '-t', '30', 'stop']), {
        stdio: 'pipe',
        timeout: 40_000,
      })
    } catch {
      // Not running.
    }
  }

  /** Stops the server if it runs and removes the cluster's folder. */
  remove(): void {
    this.stop('immediate')
    rmSync(this.folder, { recursive: true, force: true })
  }
}

/** One answer: when it came, its status, content type, Retry-After and body (or the error that ended the request). */
export interface Answer {
  at: number
  status?: number
  type?: string
  retryAfter?: string
  body?: string
  error?: string
}

/**
 * A client that keeps one cookie jar: GETs bounded to 15 s that never reject, sending back the
 * cookies it was given, over a keep-alive agent of its own.
 */
export class CookieClient {
  readonly cookies = new Map<string, string>()
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 })

  constructor(readonly baseUrl: string) {}

  get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const { hostname, port } = new URL(this.baseUrl)
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    return new Promise((resolve) => {
      const req = request(
        { host: hostname, port, path, agent: this.#agent, timeout: 15_000, headers: { ...headers, ...(cookie ? { cookie } : {}) } },
        (res) => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair = ''] = line.split(';')
            const split = pair.indexOf('=')
            if (/Max-Age=0/i.test(line)) this.cookies.delete(pair.slice(0, split))
            else this.cookies.set(pair.slice(0, split), pair.slice(split + 1))
          }
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () =>
            resolve({
              at: Date.now(),
              status: res.statusCode,
              type: res.headers['content-type'],
              retryAfter: res.headers['retry-after'] as string | undefined,
              body,
            }),
          )
          res.on('error', (error) => resolve({ at: Date.now(), status: res.statusCode, error: String(error) }))
        },
      )
      req.on('timeout', () => req.destroy(new Error('timed out after 15 s')))
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ at: Date.now(), error: error.code ?? error.message }))
      req.end()
    })
  }

  close(): void {
    this.#agent.destroy()
  }
}
