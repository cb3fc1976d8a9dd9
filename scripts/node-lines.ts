// The new-user journey on each supported Node.js line other than the machine's own, with Node.js
// taken from the npm registry's `node` package (never another download):
//
//   node --import tsx scripts/node-lines.ts [--lines 22,24,26] [--npm 12]
//
// For each line: `npm create mortar` from the packed tarballs → npm install → craft migrate →
// craft serve answers / with 200 → install the example package (examples/blog) and migrate → its
// page answers 200 → scaffold a package → make init → make test. One result line per Node.js line;
// exit 1 when any line fails. The workspace must be built (npm ci does it).
//
// The `node` packages and npm's cache live in MORTAR_CI_CACHE (default ~/.cache/mortar-ci), outside
// the repository, so that a fresh clone on the same machine starts warm. With --npm 12 the journey
// runs under that npm (from the registry's `npm` package) instead of the machine's.
import { type SpawnOptions, spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'

const WORKSPACE = join(import.meta.dirname, '..')
const CACHE = process.env.MORTAR_CI_CACHE ?? join(homedir(), '.cache', 'mortar-ci')
const STEP_TIMEOUT_MS = 5 * 60_000

/** One Node.js line from the registry: its major, exact version, bin folder and headers folder. */
export interface NodeLine {
  major: number
  version: string
  bin: string
  headers: string
}

/** The packed tarballs a journey installs. */
export interface Tarballs {
  mortar: string
  createMortar: string
  blog: string
}

/** The `node` package for a major line, installed into the cache once: its bin folder and headers. */
export function nodeLine(major: number, cache = CACHE): NodeLine {
  const prefix = join(cache, `node-${major}`)
  const bin = join(prefix, 'node_modules', 'node', 'bin')
  if (!existsSync(join(bin, 'node'))) {
    mkdirSync(prefix, { recursive: true })
    const result = spawnSync('npm', ['install', '--prefix', prefix, `node@${major}`, '--no-audit', '--no-fund', '--loglevel=error'], {
      encoding: 'utf8',
    })
    if (result.status !== 0) throw new Error(`npm install node@${major} failed:\n${result.stderr}`)
  }
  const version = spawnSync(join(bin, 'node'), ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
  // The headers a native addon needs for this line (~/.npmrc may point nodedir at the machine's).
  const headers = join(prefix, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`)
  return { major, version, bin, headers }
}

/** The registry's `npm` package of a major version, installed into the cache once: its npm-cli.js. */
export function npmRelease(major: string | number, cache = CACHE): string {
  const prefix = join(cache, `npm-${major}`)
  const cli = join(prefix, 'node_modules', 'npm', 'bin', 'npm-cli.js')
  if (!existsSync(cli)) {
    mkdirSync(prefix, { recursive: true })
    const result = spawnSync('npm', ['install', '--prefix', prefix, `npm@${major}`, '--no-audit', '--no-fund', '--loglevel=error'], {
      encoding: 'utf8',
    })
    if (result.status !== 0) throw new Error(`npm install npm@${major} failed:\n${result.stderr}`)
  }
  return cli
}

/** Packs mortar, create-mortar and the example package into `folder`; their tarball paths. */
export function packWorkspaces(folder: string): Tarballs {
  const result = spawnSync(
    'npm',
    [
      'pack',
      '--workspace',
      'packages/mortar',
      '--workspace',
      'packages/create-mortar',
      '--workspace',
      'examples/blog',
      '--pack-destination',
      folder,
    ],
    { cwd: WORKSPACE, encoding: 'utf8' },
  )
  if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`)
  const tarball = (name: string) => {
    const file = readdirSync(folder).find((file) => file.startsWith(`${name}-`) && /^\d/.test(file.slice(name.length + 1)))
    if (!file) throw new Error(`npm pack wrote no ${name} tarball`)
    return join(folder, file)
  }
  return { mortar: tarball('mortar'), createMortar: tarball('create-mortar'), blog: tarball('mortar-blog') }
}

/**
 * The environment of one line: its node first on PATH, its headers for native builds, npm's cache
 * in the cache folder, and npm 12 (as a wrapper folder on PATH) when asked.
 */
export function lineEnv(line: NodeLine, options: { npmCli?: string; npmCache?: string } = {}): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key]
  const path = [line.bin]
  if (options.npmCli) path.unshift(npmWrapper(options.npmCli))
  return {
    ...env,
    PATH: [...path, process.env.PATH].join(':'),
    npm_config_nodedir: line.headers,
    npm_config_cache: options.npmCache ?? join(CACHE, 'npm'),
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  }
}

/** A folder with `npm` and `npx` scripts that run that npm release with the node on PATH. */
function npmWrapper(cli: string): string {
  const npmBin = dirname(cli)
  const folder = join(npmBin, '..', '..', '..', 'bin')
  mkdirSync(folder, { recursive: true })
  for (const [name, script] of [
    ['npm', join(npmBin, 'npm-cli.js')],
    ['npx', join(npmBin, 'npx-cli.js')],
  ]) {
    writeFileSync(join(folder, name), `#!/bin/sh\nexec node "${script}" "$@"\n`)
    chmodSync(join(folder, name), 0o755)
  }
  return folder
}

/** Runs a command to its end; rejects with its output when it fails. */
export function run(command: string, args: string[], options: SpawnOptions & { timeout?: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout?.on('data', (chunk) => (output += chunk))
    child.stderr?.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? STEP_TIMEOUT_MS)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else
        reject(new Error(`${[command, ...args].join(' ')} exited ${code ?? signal}:\n${output.trim().split('\n').slice(-15).join('\n')}`))
    })
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * Starts the app's `craft serve` with the line's node, waits until `paths` each answer 200 (up
 * to 30 s), and stops it. Resolves to the moment / first answered 200.
 */
export async function serveAndGet(app: string, env: NodeJS.ProcessEnv, paths: string[]): Promise<number> {
  const port = await freePort()
  const child = spawn('node', [join(app, 'node_modules', 'mortar', 'bin', 'craft.js'), 'serve', '--port', String(port), '--no-reload'], {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  try {
    const deadline = Date.now() + 30_000
    let firstAt: number | undefined
    for (const path of paths) {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`craft serve exited early:\n${output}`)
        const status = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) }).then(
          (response) => response.status,
          () => 0,
        )
        if (status === 200) break
        if (status !== 0 || Date.now() > deadline) throw new Error(`GET ${path} answered ${status || 'nothing'}:\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      firstAt ??= performance.now()
    }
    assertQuiet(output, 'craft serve')
    return firstAt ?? performance.now()
  } finally {
    child.kill('SIGTERM')
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())))
  }
}

/** Fails when npm or craft printed an engine warning, an install-script warning or Node's ExperimentalWarning. */
export function assertQuiet(output: string, what: string): void {
  const warning = /EBADENGINE|ExperimentalWarning|install scripts? (?:blocked|not yet covered)/.exec(output)
  if (warning) throw new Error(`${what} printed "${warning[0]}":\n${output}`)
}

/** The journey on one line; resolves to its timings, rejects naming the step that failed. */
export async function journey(
  line: NodeLine,
  tarballs: Tarballs,
  folder: string,
  options: { npmCli?: string } = {},
): Promise<{ toFirst200: number; steps: [string, number][] }> {
  const env = lineEnv(line, options)
  const app = join(folder, 'app')
  const pkg = join(folder, 'mortar-smoke')
  const steps: [string, number][] = []
  const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      const result = await action()
      steps.push([name, performance.now() - started])
      return result
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`)
    }
  }
  const created = performance.now()
  const install = await step('npm create mortar + install', () =>
    run('npm', ['exec', '--yes', '--package', tarballs.createMortar, '--', 'create-mortar', app, '--mortar', tarballs.mortar, '--yes'], {
      cwd: folder,
      env,
    }),
  )
  assertQuiet(install, 'npm create mortar')
  const craft = async (args: string[]) => {
    const output = await run('node', [join(app, 'node_modules', 'mortar', 'bin', 'craft.js'), ...args], { cwd: app, env })
    assertQuiet(output, `craft ${args.join(' ')}`)
    return output
  }
  await step('craft migrate', () => craft(['migrate']))
  const firstOk = await step('craft serve → GET / 200', () => serveAndGet(app, env, ['/']))
  const toFirst200 = firstOk - created
  await step('npm install mortar-blog', async () =>
    assertQuiet(await run('npm', ['install', '--no-audit', '--no-fund', tarballs.blog], { cwd: app, env }), 'npm install mortar-blog'),
  )
  await step('craft migrate (blog)', () => craft(['migrate']))
  await step('GET /blog 200', () => serveAndGet(app, env, ['/', '/blog']))
  await step('create a package', () =>
    run(
      'npm',
      [
        'exec',
        '--yes',
        '--package',
        tarballs.createMortar,
        '--',
        'create-mortar',
        pkg,
        '--template',
        'package',
        '--mortar',
        tarballs.mortar,
        '--yes',
        '--no-install',
      ],
      { cwd: folder, env },
    ),
  )
  await step('make init', async () => assertQuiet(await run('make', ['init'], { cwd: pkg, env }), 'make init'))
  await step('make test', () => run('make', ['test'], { cwd: pkg, env }))
  return { toFirst200, steps }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { lines: { type: 'string', default: '22,24,26' }, npm: { type: 'string' } } })
  const lines = (values.lines ?? '').split(',').filter(Boolean).map(Number)
  const npmCli = values.npm ? npmRelease(values.npm) : undefined
  const folder = mkdtempSync(join(tmpdir(), 'mortar-node-lines-'))
  let failed = 0
  try {
    const tarballs = packWorkspaces(folder)
    for (const major of lines) {
      const started = performance.now()
      let version = `${major}.x`
      try {
        const line = nodeLine(major)
        version = line.version
        const work = join(folder, `node-${major}`)
        mkdirSync(work)
        const { toFirst200, steps } = await journey(line, tarballs, work, { npmCli })
        const total = (performance.now() - started) / 1000
        console.log(
          `node ${version}${npmCli ? ` (npm ${values.npm})` : ''}: pass in ${total.toFixed(0)} s — npm create mortar to first 200 in ${(toFirst200 / 1000).toFixed(1)} s; ${steps.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}`,
        )
      } catch (error) {
        failed++
        console.log(`node ${version}${npmCli ? ` (npm ${values.npm})` : ''}: FAIL — ${(error as Error).message}`)
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
  if (failed > 0) process.exitCode = 1
}

if (process.argv[1] === import.meta.filename) await main()
