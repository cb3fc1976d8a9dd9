// `make npmrc` in a freshly scaffolded package stores the npm token in the user's npmrc with mode
// 0600, keeps what else the file held, and never shows the token: not in its output (from
// NPM_TOKEN, from a pipe, or typed at a real terminal prompt, which must not echo), not in npm's
// logs, not in a leftover temp file. HOME and NPM_CONFIG_USERCONFIG point into a temp folder, so the
// real ~/.npmrc is never touched; the registry is a local address that is never contacted.
import assert from 'node:assert/strict'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { CREATE_MORTAR_BIN } from '../support/temp_app.js'

const REGISTRY = 'http://127.0.0.1:4873/'
const KEY = '//127.0.0.1:4873/:_authToken'

/** Whether a program is on the PATH (`make`, and util-linux `script` for a real terminal). */
const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0

interface Run {
  code: number | null
  output: string
}

/** Every file under `folder`, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}

describe('make npmrc', { skip: has('make') || process.env.CI ? false : 'make is not installed' }, () => {
  let base: string
  let pkg: string

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'mortar-npmrc-'))
    execFileSync(process.execPath, [CREATE_MORTAR_BIN, join(base, 'mortar-tokens'), '--template', 'package', '--yes', '--no-install'], {
      stdio: 'pipe',
      timeout: 60_000,
    })
    pkg = join(base, 'mortar-tokens')
    assert.ok(existsSync(join(pkg, 'Makefile')), 'the package scaffold has a Makefile')
  })
  after(() => rmSync(base, { recursive: true, force: true }))

  /** A fresh HOME with an npmrc holding another setting, world-readable, as a user might have it. */
  function home(): { dir: string; npmrc: string; env: Record<string, string> } {
    const dir = mkdtempSync(join(base, 'home-'))
    const npmrc = join(dir, '.npmrc')
    writeFileSync(npmrc, `save-exact=true\n${KEY}=old-token-to-replace\n`, { mode: 0o644 })
    const env = {
      // Never an npm_config_userconfig inherited from an npm that started the tests.
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
      HOME: dir,
      NPM_CONFIG_USERCONFIG: npmrc,
      NPM_CONFIG_REGISTRY: REGISTRY,
      NPM_CONFIG_UPDATE_NOTIFIER: 'false',
      NPM_TOKEN: '',
      NODE_AUTH_TOKEN: '',
    } as Record<string, string>
    return { dir, npmrc, env }
  }

  /** Runs `make npmrc` (under `script` for a real terminal); types `typed` once the prompt shows. */
  function makeNpmrc(env: Record<string, string>, options: { stdin?: string; typed?: string; terminal?: boolean } = {}): Promise<Run> {
    const [command, args] = options.terminal
      ? ['script', ['-qefc', 'make --no-print-directory npmrc', '/dev/null']]
      : ['make', ['--no-print-directory', 'npmrc']]
    return new Promise((resolve) => {
      const child = spawn(command as string, args as string[], { cwd: pkg, env, stdio: ['pipe', 'pipe', 'pipe'] })
      let output = ''
      let typed = false
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8')
        if (options.typed !== undefined && !typed && output.includes('npm token for')) {
          typed = true
          child.stdin.write(`${options.typed}\r`)
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      if (options.stdin !== undefined) child.stdin.end(options.stdin)
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code, output })
      })
    })
  }

  function assertStored(setup: ReturnType<typeof home>, token: string, run: Run): void {
    assert.equal(run.code, 0, run.output)
    assert.ok(!run.output.includes(token), `the token was printed:\n${run.output}`)
    assert.match(run.output, /Saved the token for http:\/\/127\.0\.0\.1:4873\/ in .* \(mode 0600\)/)
    assert.equal(statSync(setup.npmrc).mode & 0o777, 0o600, 'the npmrc is readable by its owner only')
    assert.equal(readFileSync(setup.npmrc, 'utf8'), `save-exact=true\n${KEY}=${token}\n`)
    for (const file of filesUnder(setup.dir)) {
      if (file === setup.npmrc) continue
      assert.ok(!readFileSync(file, 'utf8').includes(token), `the token is in ${relative(setup.dir, file)}`)
    }
    assert.deepEqual(
      readdirSync(setup.dir).filter((name) => name.endsWith('.tmp')),
      [],
      'no temp file is left beside the npmrc',
    )
  }

  test('from NPM_TOKEN: stored with mode 0600, other settings kept, the token never printed or logged', async () => {
    const setup = home()
    const token = 'npm_FromEnvironment0123456789abcdef'
    assertStored(setup, token, await makeNpmrc({ ...setup.env, NPM_TOKEN: token }))
  })

  test('from a pipe: the same', async () => {
    const setup = home()
    const token = 'npm_FromPipe0123456789abcdefghij'
    assertStored(setup, token, await makeNpmrc(setup.env, { stdin: `${token}\n` }))
  })

  test('typed at a terminal prompt: not echoed, the same', {
    skip: has('script') || process.env.CI ? false : 'util-linux script is not installed',
  }, async () => {
    const setup = home()
    const token = 'npm_TypedAtPrompt0123456789abcd'
    const run = await makeNpmrc(setup.env, { terminal: true, typed: token })
    assert.match(run.output, /npm token for http:\/\/127\.0\.0\.1:4873\/: /)
    assertStored(setup, token, run)
  })

  test('no token: a clear error, the npmrc left as it was', async () => {
    const setup = home()
    const before = readFileSync(setup.npmrc, 'utf8')
    const run = await makeNpmrc(setup.env, { stdin: '\n' })
    assert.notEqual(run.code, 0)
    assert.match(run.output, /No token given .*nothing was written/)
    assert.equal(readFileSync(setup.npmrc, 'utf8'), before)
  })
})
