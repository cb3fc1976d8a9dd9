import { type ChildProcess, spawn } from 'node:child_process'
import { type FSWatcher, watch } from 'node:fs'
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { escapeHtml } from '../support/html.js'
import { closeServer, listenError, serverOptions, serverUrl } from './server.js'

const CRAFT_BIN = fileURLToPath(new URL('../../bin/craft.js', import.meta.url))
const IGNORED = [`${sep}node_modules${sep}`, `${sep}.git${sep}`, `${sep}storage${sep}`, `${sep}.mortar${sep}`, `${sep}.tmp${sep}`]
const RELOAD_ON = /\.(ts|mts|cts|js|mjs|cjs|json)$|(^|[\\/])\.env$/

/** Options of the development server. */
export interface DevServerOptions {
  root: string
  port: number
  host: string
  /** Folders to watch besides the app: the sources of linked packages. */
  watch: string[]
  log: (line: string) => void
}

/**
 * `craft serve` in development: this process owns the port and forwards each request to a
 * child process that runs the app. When a source file of the app or of a linked package changes,
 * the child is replaced; requests that arrive meanwhile wait for the new one, so an edit shows on
 * the next refresh. Templates and public files are read fresh on every request and need no
 * restart. If the app fails to start, the error is shown as the page until the next edit.
 */
export class DevServer {
  #child?: ChildProcess
  #ready!: Promise<number>
  #resolveReady?: (port: number) => void
  #failure?: string
  #watchers: FSWatcher[] = []
  #server?: Server
  #timer?: NodeJS.Timeout
  #stopping = false
  #restarting = false
  #changed?: string
  #spawned = 0

  constructor(readonly options: DevServerOptions) {}

  async start(): Promise<string> {
    this.#server = createServer(serverOptions(), (req, res) => void this.#forward(req, res))
    await new Promise<void>((resolve, reject) => {
      this.#server?.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, this.options.port, this.options.host)))
      this.#server?.listen(this.options.port, this.options.host, resolve)
    })
    this.#holdRequests()
    this.#spawn()
    for (const folder of [this.options.root, ...this.options.watch]) this.#watch(folder)
    const address = this.#server.address()
    const port = typeof address === 'object' && address ? address.port : this.options.port
    return serverUrl(this.options.host, port)
  }

  async stop(): Promise<void> {
    this.#stopping = true
    for (const watcher of this.#watchers) watcher.close()
    clearTimeout(this.#timer)
    await this.#killChild()
    if (this.#server) await closeServer(this.#server)
  }

  #watch(folder: string): void {
    try {
      const watcher = watch(folder, { recursive: true }, (_event, name) => {
        if (!name) return
        const path = join(folder, name.toString())
        if (IGNORED.some((part) => `${path}${sep}`.includes(part)) || !RELOAD_ON.test(path)) return
        // Hold requests from the moment of the change, so a refresh never reaches the old app.
        this.#holdRequests()
        clearTimeout(this.#timer)
        this.#timer = setTimeout(() => this.#restart(path), 60)
      })
      this.#watchers.push(watcher)
    } catch (error) {
      this.options.log(`Not watching ${folder}: ${(error as Error).message}`)
    }
  }

  // Restarts run one at a time: a change arriving while the old child is still stopping is
  // folded into the restart under way, so there is never more than one child.
  async #restart(changed: string): Promise<void> {
    this.#changed = changed
    if (this.#restarting || this.#stopping) return
    this.#restarting = true
    try {
      while (this.#changed && !this.#stopping) {
        const path = this.#changed
        this.#changed = undefined
        this.options.log(`Changed ${path.startsWith(this.options.root) ? path.slice(this.options.root.length + 1) : path}: restarting`)
        await this.#killChild()
      }
      if (!this.#stopping) this.#spawn()
    } finally {
      this.#restarting = false
    }
  }

  /** Makes later requests wait for the next child to be ready. */
  #holdRequests(): void {
    if (this.#resolveReady) return
    this.#ready = new Promise<number>((resolve) => {
      this.#resolveReady = resolve
    })
  }

  #spawn(): void {
    this.#failure = undefined
    let stderr = ''
    const child = spawn(process.execPath, [CRAFT_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: this.options.root,
      env: { ...process.env, MORTAR_SERVE_CHILD: '1', ...(this.#spawned++ > 0 ? { MORTAR_SERVE_RELOADED: '1' } : {}) },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    this.#child = child
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000)
      process.stderr.write(chunk)
    })
    const settle = (port: number) => {
      if (this.#child !== child) return
      this.#resolveReady?.(port)
      this.#resolveReady = undefined
    }
    child.on('message', (message: { ready?: number }) => {
      if (message?.ready) settle(message.ready)
    })
    child.on('exit', (code) => {
      if (this.#child !== child || this.#stopping) return
      this.#failure = stderr.trim() || `The app exited with code ${code}`
      this.options.log('The app failed to start; fix the error and save to retry.')
      this.#holdRequests()
      settle(0)
    })
  }

  async #killChild(): Promise<void> {
    const child = this.#child
    this.#child = undefined
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 3000)
      child.once('exit', () => {
        clearTimeout(force)
        resolve()
      })
      child.kill('SIGTERM')
    })
  }

  async #forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = await this.#ready
    if (!port || this.#failure) {
      const body = `<!doctype html><title>The app failed to start</title><body style="font:15px system-ui;margin:3rem"><h1>The app failed to start</h1><pre style="white-space:pre-wrap">${escapeHtml(this.#failure ?? 'unknown error')}</pre><p>Fix it and save: the page reloads on the next refresh.</p>`
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(body)
      return
    }
    // The app sees this server as its peer: pass the real one on, as a proxy does (the app
    // trusts this one hop, see client_ip.ts).
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ')
    const headers = { ...req.headers, 'x-forwarded-for': forwarded }
    // No keep-alive to the child: an idle pooled socket would delay its shutdown on restart.
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end('The app restarted while answering; refresh.')
    })
    req.pipe(upstream)
  }
}
