import cluster, { type Worker } from 'node:cluster'
import { fileURLToPath } from 'node:url'
import { httpErrors } from './errors.js'
import { serverUrl } from './server.js'

const CRAFT_BIN = fileURLToPath(new URL('../../bin/craft.js', import.meta.url))
/** A worker that dies within this long of starting counts towards a crash loop. */
const CRASH_WINDOW_MS = 10_000
const FIRST_RESTART_DELAY_MS = 200
const MAX_RESTART_DELAY_MS = 15_000
/** How much longer than its own shutdown timeout a stopping worker gets before SIGKILL. */
const STOP_GRACE_MS = 15_000

/** Options of a worker pool. */
export interface WorkerPoolOptions {
  root: string
  port: number
  host: string
  count: number
  log: (line: string) => void
}

/**
 * The delay before restarting a worker that died, given how many died in a row shortly after
 * starting: 0.2 s, then doubling up to 15 s, so a worker that crashes on start does not spin.
 */
export function restartDelay(crashesInARow: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, crashesInARow - 1))
}

/**
 * `craft serve --workers N`: this process (the primary) runs N `craft serve` workers that share
 * one port through `node:cluster`. A worker that dies is replaced (with a growing delay while
 * they keep dying); SIGHUP replaces them one by one, each new worker listening before the old
 * one drains, so no request is refused; `stop()` drains them all. Workers exit by themselves if
 * this process dies.
 */
export class WorkerPool {
  /** Workers that count towards `count`: serving or starting (not those being retired). */
  readonly #workers = new Set<Worker>()
  readonly #timers = new Set<NodeJS.Timeout>()
  #started = false
  #stopping = false
  #crashes = 0
  #rolling = false
  #rollAgain = false
  #shutdownTimeout = 10_000
  readonly #onHangUp = () => void this.rollingRestart()

  constructor(readonly options: WorkerPoolOptions) {}

  /** Starts the workers and resolves with the URL once every one of them listens. */
  async start(): Promise<string> {
    cluster.setupPrimary({
      exec: CRAFT_BIN,
      args: ['serve', '--port', String(this.options.port), '--host', this.options.host],
      cwd: this.options.root,
    })
    const workers = Array.from({ length: this.options.count }, () => this.#fork())
    const ports = await Promise.all(workers.map((worker) => listening(worker)))
    if (ports.some((port) => port === undefined)) {
      await this.stop()
      throw httpErrors.E_SERVE_WORKER_FAILED()
    }
    this.#started = true
    process.on('SIGHUP', this.#onHangUp)
    return serverUrl(this.options.host, ports[0] as number)
  }

  /** Drains every worker (each finishes its requests and runs its providers' shutdown). */
  async stop(): Promise<void> {
    this.#stopping = true
    process.off('SIGHUP', this.#onHangUp)
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    await Promise.all(Object.values(cluster.workers ?? {}).map((worker) => worker && this.#retire(worker)))
  }

  /** Replaces the workers one by one (what SIGHUP does): new code is served with no request refused. */
  async rollingRestart(): Promise<void> {
    if (this.#rolling) {
      this.#rollAgain = true
      return
    }
    this.#rolling = true
    try {
      do {
        this.#rollAgain = false
        this.options.log(`Replacing ${this.#workers.size} workers one by one`)
        for (const old of [...this.#workers]) {
          if (this.#stopping) return
          if (!this.#workers.has(old)) continue
          const fresh = this.#fork()
          if ((await listening(fresh)) === undefined) {
            this.options.log('A new worker exited before serving; the running workers stay. Fix the error and send SIGHUP again.')
            return
          }
          await this.#retire(old)
        }
        if (!this.#stopping) this.options.log('All workers replaced')
      } while (this.#rollAgain && !this.#stopping)
    } finally {
      this.#rolling = false
    }
  }

  #fork(): Worker {
    const worker = cluster.fork()
    const started = Date.now()
    this.#workers.add(worker)
    worker.on('message', (message: { shutdownTimeout?: number }) => {
      if (typeof message?.shutdownTimeout === 'number') this.#shutdownTimeout = message.shutdownTimeout
    })
    worker.once('listening', () => this.options.log(`Worker ${worker.process.pid} is serving`))
    worker.once('exit', (code, signal) => this.#exited(worker, started, code, signal))
    return worker
  }

  #exited(worker: Worker, started: number, code: number, signal: string | null): void {
    if (!this.#workers.delete(worker) || this.#stopping || !this.#started) return
    // A new worker that failed during a rolling restart leaves the old one serving in its place.
    if (this.#workers.size + this.#timers.size >= this.options.count) return
    this.#crashes = Date.now() - started < CRASH_WINDOW_MS ? this.#crashes + 1 : 1
    const delay = restartDelay(this.#crashes)
    this.options.log(
      `Worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${(delay / 1000).toFixed(1)} s`,
    )
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      if (!this.#stopping) this.#fork()
    }, delay)
    this.#timers.add(timer)
  }

  /** Asks a worker to drain and exit (SIGTERM), killing it if it has not within its grace. */
  #retire(worker: Worker): Promise<void> {
    this.#workers.delete(worker)
    if (worker.isDead()) return Promise.resolve()
    return new Promise((resolve) => {
      const kill = setTimeout(() => worker.process.kill('SIGKILL'), this.#shutdownTimeout + STOP_GRACE_MS)
      worker.once('exit', (code, signal) => {
        clearTimeout(kill)
        this.options.log(`Worker ${worker.process.pid} stopped${signal ? ` (${signal})` : code ? ` (code ${code})` : ''}`)
        resolve()
      })
      worker.process.kill('SIGTERM')
    })
  }
}

/** The port a worker listens on, or undefined if it exits first. */
function listening(worker: Worker): Promise<number | undefined> {
  return new Promise((resolve) => {
    const onExit = () => resolve(undefined)
    worker.once('exit', onExit)
    worker.once('listening', (address) => {
      worker.off('exit', onExit)
      resolve(address.port)
    })
  })
}
