// Helpers shared by the security and reliability suite: craft runs that can go side by side,
// hostile fixture packages linked into temp apps, snapshots of an app's tree, and raw HTTP over
// node:net (the request target goes on the wire byte for byte, which no HTTP client allows).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { dirname, join, relative } from 'node:path'

export { assertOneLineError } from '../support/assertions.js'

import { CRAFT_BIN, type CraftRun, MORTAR } from '../support/temp_app.js'

/** Writes files (relative path → contents) under `root`, creating folders. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), contents)
  }
}

/** Runs the real `craft` in `cwd` as a child process, without blocking the test process; killed after `timeout` ms. */
export function craftAsync(
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; timeout?: number } = {},
): Promise<CraftRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CRAFT_BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeout ?? 60_000} ms]`
      child.kill('SIGKILL')
    }, options.timeout ?? 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, stdout, stderr })
    })
  })
}

/** Runs `tasks` at most `limit` at a time; resolves to their results in order. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await (tasks[index] as () => Promise<T>)()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

/** sha256 of a string or bytes, hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Every file, folder and link under `root` (relative path → content hash, `dir`, or the link's
 * target), leaving out `node_modules` and the runtime caches in `storage/framework`.
 */
export function snapshotTree(root: string, ignore: string[] = ['node_modules', 'storage/framework']): Map<string, string> {
  const entries = new Map<string, string>()
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name)
      const rel = relative(root, path)
      if (ignore.includes(rel)) continue
      const info = lstatSync(path)
      if (info.isSymbolicLink()) entries.set(rel, `link:${readlinkSync(path)}`)
      else if (info.isDirectory()) {
        entries.set(rel, 'dir')
        walk(path)
      } else entries.set(rel, sha256(readFileSync(path)))
    }
  }
  walk(root)
  return entries
}

/** What changed between two snapshots, as `+ path`, `- path`, `~ path` lines. */
export function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = []
  for (const [path, value] of after) {
    if (!before.has(path)) changes.push(`+ ${path}`)
    else if (before.get(path) !== value) changes.push(`~ ${path}`)
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push(`- ${path}`)
  return changes
}

/** A Mortar package written into `folder`: its package.json, a JS provider and any other files. */
export interface FixturePackage {
  /** npm name. */
  npmName: string
  /** The body of `configure()`, e.g. `this.root(import.meta.url).name('x').views('templates')`. */
  configure: string
  register?: string
  boot?: string
  /** Extra files (relative path → contents). */
  files?: Record<string, string | Uint8Array>
  /** Replaces the `mortar` field of package.json. */
  mortarField?: Record<string, string>
  version?: string
}

/**
 * Writes a fixture package into `folder` (created) and returns it. The package gets a
 * `node_modules/mortar` link to the workspace's mortar, as an installed peer would be, so its
 * provider can `import { PackageProvider } from 'mortar'` from a temp folder.
 */
export function writePackage(folder: string, pkg: FixturePackage): string {
  mkdirSync(folder, { recursive: true })
  writeTree(folder, {
    'package.json': `${JSON.stringify(
      {
        name: pkg.npmName,
        version: pkg.version ?? '1.0.0',
        type: 'module',
        mortar: pkg.mortarField ?? { provider: './provider.js' },
        peerDependencies: { mortar: '*' },
      },
      null,
      2,
    )}\n`,
    'provider.js': `import { PackageProvider } from 'mortar'
export default class FixtureProvider extends PackageProvider {
  configure() {
    ${pkg.configure}
  }
  async register() {
    ${pkg.register ?? ''}
  }
  async boot() {
    ${pkg.boot ?? ''}
  }
}
`,
    ...pkg.files,
  })
  mkdirSync(join(folder, 'node_modules'), { recursive: true })
  if (!existsSync(join(folder, 'node_modules', 'mortar'))) symlinkSync(MORTAR, join(folder, 'node_modules', 'mortar'), 'dir')
  return folder
}

/**
 * Installs a package folder into an app the way `npm install <folder>` does for a local folder: a
 * `file:` dependency in package.json and a link in node_modules (without running npm, which
 * would take seconds per package).
 */
export function linkPackage(appRoot: string, packageFolder: string): void {
  const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { name: string }
  const appManifestFile = join(appRoot, 'package.json')
  const appManifest = JSON.parse(readFileSync(appManifestFile, 'utf8')) as { dependencies?: Record<string, string> }
  appManifest.dependencies = { ...appManifest.dependencies, [manifest.name]: `file:${packageFolder}` }
  writeFileSync(appManifestFile, `${JSON.stringify(appManifest, null, 2)}\n`)
  const link = join(appRoot, 'node_modules', manifest.name)
  mkdirSync(dirname(link), { recursive: true })
  symlinkSync(packageFolder, link, 'dir')
}

/** An HTTP answer read from a raw socket. */
export interface RawAnswer {
  status: number
  head: string
  body: string
}

/**
 * Sends `GET <target> HTTP/1.1` over a plain TCP socket, the target exactly as given (no URL
 * normalising of `..`, `%2e`, `\`), and reads the answer until the server closes. Bounded to 5 s.
 */
export function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(new Error(`GET ${target}: no complete answer within 5 s`)), 5000)
    socket.on('connect', () => {
      const lines = [
        `GET ${target} HTTP/1.1`,
        'Host: 127.0.0.1',
        'Connection: close',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ]
      socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
    })
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      const text = Buffer.concat(chunks).toString('utf8')
      const split = text.indexOf('\r\n\r\n')
      const head = split === -1 ? text : text.slice(0, split)
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0)
      resolve({ status, head, body: split === -1 ? '' : text.slice(split + 4) })
    })
  })
}

/** The resident memory of a process in kB, from /proc/<pid>/status (VmRSS). */
export function residentKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  if (!match) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1])
}
