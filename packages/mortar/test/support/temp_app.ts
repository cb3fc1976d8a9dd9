// Test support: real applications in temp folders, scaffolded by create-mortar from this
// workspace, and a `craft` runner that spawns the real command.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const WORKSPACE = fileURLToPath(new URL('../../../../', import.meta.url))
export const MORTAR = join(WORKSPACE, 'packages', 'mortar')
export const CREATE_MORTAR_BIN = join(WORKSPACE, 'packages', 'create-mortar', 'bin', 'create-mortar.js')
export const CRAFT_BIN = join(MORTAR, 'bin', 'craft.js')
export const BLOG = join(WORKSPACE, 'examples', 'blog')

let template: string | undefined

/**
 * A new application in a temp folder: scaffolded once per process with create-mortar (the
 * workspace's mortar linked), then copied for each caller. `packages` are folders installed as
 * `file:` dependencies (linked, so discovery finds them).
 */
export function createTempApp(options: { packages?: string[]; name?: string } = {}): string {
  if (!template) {
    const folder = mkdtempSync(join(tmpdir(), 'mortar-template-'))
    template = join(folder, 'app')
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }))
    execFileSync(process.execPath, [CREATE_MORTAR_BIN, template, '--mortar', MORTAR, '--yes', '--no-install'], { stdio: 'pipe' })
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: template, stdio: 'pipe' })
  }
  const root = join(mkdtempSync(join(tmpdir(), `mortar-${options.name ?? 'app'}-`)), 'app')
  cpSync(template, root, { recursive: true, verbatimSymlinks: true })
  if (options.packages?.length) {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...options.packages], { cwd: root, stdio: 'pipe' })
  }
  return root
}

/** Removes a temp app (the folder made for it). */
export function removeTempApp(root: string): void {
  rmSync(join(root, '..'), { recursive: true, force: true })
}

/** What a craft run printed and returned. */
export interface CraftRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real `craft` in `cwd` (a separate process), bounded by `timeout` ms. */
export function craft(
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; timeout?: number; input?: string } = {},
): CraftRun {
  const result = spawnSync(process.execPath, [CRAFT_BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    input: options.input,
  })
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** A running `craft serve`, stopped with `stop()`. */
export interface ServedApp {
  url: string
  process: ChildProcess
  output: () => string
  stop(): Promise<void>
}

/** Starts `craft serve` on a free port and waits (up to 20 s) until it answers; `baseEnv` replaces this process's environment. */
export async function serveApp(
  root: string,
  options: { env?: Record<string, string>; args?: string[]; baseEnv?: NodeJS.ProcessEnv } = {},
): Promise<ServedApp> {
  const port = await freePort()
  const child = spawn(process.execPath, [CRAFT_BIN, 'serve', '--port', String(port), ...(options.args ?? [])], {
    cwd: root,
    env: { ...(options.baseEnv ?? process.env), NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const stop = () => stopChild(child)
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`craft serve exited early:\n${output}`)
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) })
      break
    } catch {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`craft serve did not answer within 20 s:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return { url, process: child, output: () => output, stop }
}

/** Ends a child process: SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
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
