import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { installingErrors } from './errors.js'

/** The app's package manager, from its lockfile (npm when there is none). */
export function packageManager(root: string): 'npm' | 'pnpm' | 'yarn' {
  if (existsSync(join(root, 'pnpm-lock.yaml'))) return 'pnpm'
  if (existsSync(join(root, 'yarn.lock'))) return 'yarn'
  return 'npm'
}

/**
 * Runs the app's package manager to add or remove a dependency (`dev`: a devDependency), or
 * (`sync`, no spec) to make node_modules match package.json and the lockfile again; streams its
 * output.
 */
export async function runPackageManager(
  root: string,
  action: 'add' | 'remove' | 'sync',
  spec: string,
  write: (text: string) => void,
  options: { dev?: boolean } = {},
): Promise<void> {
  const manager = packageManager(root)
  const args =
    action === 'sync'
      ? manager === 'npm'
        ? ['install', '--no-audit', '--no-fund']
        : ['install']
      : manager === 'npm'
        ? [action === 'add' ? 'install' : 'uninstall', spec, '--no-audit', '--no-fund', ...(options.dev ? ['--save-dev'] : [])]
        : [action === 'add' ? 'add' : 'remove', spec, ...(options.dev ? ['-D'] : [])]
  const code = await new Promise<number | Error>((resolve) => {
    const child = spawn(manager, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk: Buffer) => write(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => write(chunk.toString()))
    child.on('error', resolve)
    child.on('exit', (status) => resolve(status ?? 1))
  })
  if (code instanceof Error) {
    const lockfile = manager === 'npm' ? '' : ` (the app has ${manager === 'pnpm' ? 'pnpm-lock.yaml' : 'yarn.lock'})`
    throw installingErrors.E_INSTALL_FAILED(`Cannot run ${manager}${lockfile}: ${code.message}`, {
      cause: code,
      hint:
        (code as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${manager} is not on PATH: install it${manager === 'npm' ? '' : ', or delete the lockfile to use npm'}.`
          : undefined,
    })
  }
  if (code !== 0) {
    throw installingErrors.E_INSTALL_FAILED(`${manager} ${args.join(' ')} failed (exit ${code})`, {
      hint: 'See the output above; fix the problem (name, version, network) and run the command again.',
    })
  }
}

/** What a captured npm run printed, and how it ended. */
export interface NpmResult {
  status: number | null
  stdout: string
  stderr: string
  /** Set when npm could not be started, or ran past its timeout. */
  error?: Error
}

/**
 * Runs `npm <args>` in `cwd` and captures its output (for commands that read npm's answer, such
 * as `npm pack --dry-run --json`); killed after `timeout` milliseconds.
 *
 * @example
 * const { status, stdout } = runNpm(['config', 'get', 'registry'], root, 20_000)
 */
export function runNpm(args: string[], cwd: string, timeout: number): NpmResult {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  })
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error }
}
