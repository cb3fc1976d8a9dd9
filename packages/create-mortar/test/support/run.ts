// Test support: runs real commands (node, npm, make) the way a package author would, each bounded
// by a timeout, and scaffolds packages with the workspace's create-mortar.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CREATE_MORTAR_BIN, MORTAR } from '../../../mortar/test/support/temp_app.js'

export { CRAFT_BIN, CREATE_MORTAR_BIN, freePort, MORTAR, serveApp, stopChild, WORKSPACE } from '../../../mortar/test/support/temp_app.js'

/** What a command printed and returned. */
export interface Run {
  code: number
  stdout: string
  stderr: string
  /** How long it took, in ms. */
  ms: number
}

/**
 * The environment for an author's commands: this process's, less the npm_* variables an npm that
 * started the tests exports (they would point a child npm at the workspace), and npm told to use
 * its cache before the network, so a warm cache is enough.
 */
export function authorEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key, value]) => !/^npm_/i.test(key) && value !== undefined),
  ) as Record<string, string>
  return {
    ...env,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    ...extra,
  }
}

/**
 * Runs a command in its own process group; past `timeout` ms the whole group is killed (make, the
 * npm it starts and what npm starts) and the run fails.
 */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeout?: number; input?: string },
): Promise<Run> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? authorEnv(),
      detached: true,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeout} ms]`
      if (child.pid) process.kill(-child.pid, 'SIGKILL')
    }, options.timeout ?? 120_000)
    child.on('error', (error) => {
      stderr += String(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - started })
    })
  })
}

/** `create-mortar <dir> --template package --mortar <workspace mortar> --yes --no-install …flags`. */
export function scaffoldPackage(dir: string, flags: string[] = [], cwd = join(dir, '..')): Promise<Run> {
  return run(process.execPath, [CREATE_MORTAR_BIN, dir, '--template', 'package', '--mortar', MORTAR, '--yes', '--no-install', ...flags], {
    cwd,
    timeout: 30_000,
  })
}

/** Every file under `root` (node_modules left out), as relative paths, with its text. */
export function filesUnder(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      if (entry === 'node_modules') continue
      const path = join(folder, entry)
      if (statSync(path).isDirectory()) walk(path)
      else files.set(relative(root, path), readFileSync(path, 'utf8'))
    }
  }
  walk(root)
  return files
}

/**
 * CPU seconds (user + system) used so far by this process's finished children and all their
 * descendants (Linux, from /proc); undefined elsewhere. The difference over a journey is its
 * machine time, which a busy machine does not inflate as it does the wall time.
 */
export function childrenCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from field 3 after the name; in clock ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return undefined
  }
}

/** Fails with the command's output when it did not exit 0. */
export function assertSucceeded(result: Run, what: string): void {
  if (result.code !== 0)
    throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-6000)}`)
}
