// The package author's whole journey, as a person would run it, against a private registry on
// 127.0.0.1: scaffold a package with every resource → make init → make ci (lint, typecheck, the
// unit and integration tests) → make npmrc → make publish → a fresh app installs the package from
// that registry → its route answers, its view renders with its stylesheet, its migration and its
// command run. Prints how long the journey took. npm uses its cache first (a warm cache suffices);
// only publishing and installing the package itself talk to the local registry.
import assert from 'node:assert/strict'
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  assertSucceeded,
  authorEnv,
  CRAFT_BIN,
  CREATE_MORTAR_BIN,
  childrenCpuSeconds,
  MORTAR,
  type Run,
  run,
  scaffoldPackage,
  serveApp,
} from '../support/run.js'
import { type Registry, startRegistry } from '../support/verdaccio.js'

const NAME = 'mortar-journey'

describe('the package author journey, from scaffold to an app using the published package', () => {
  let folder: string
  let registry: Registry
  let registryEnv: Record<string, string>
  const pkg = () => join(folder, NAME)
  const app = () => join(folder, 'shop-app')
  const steps: [string, number][] = []
  let cpuBefore: number | undefined

  async function step(name: string, command: string, args: string[], cwd: string, env = authorEnv(), timeout = 180_000): Promise<Run> {
    const result = await run(command, args, { cwd, env, timeout })
    steps.push([name, result.ms])
    assertSucceeded(result, `${name} (${[command, ...args].join(' ')})`)
    return result
  }

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-journey-'))
    registry = await startRegistry(join(folder, 'registry'))
    const npmrc = join(folder, 'user.npmrc')
    writeFileSync(npmrc, '')
    // The registry and the user config for the release steps only: the install steps keep the
    // machine's npm configuration, whose cache is warm.
    registryEnv = authorEnv({ npm_config_registry: registry.url, npm_config_userconfig: npmrc })
    cpuBefore = childrenCpuSeconds()
  })

  after(async () => {
    const cpuAfter = childrenCpuSeconds()
    await registry?.stop()
    if (folder) rmSync(folder, { recursive: true, force: true })
    if (steps.length > 0) {
      const total = steps.reduce((sum, [, ms]) => sum + ms, 0)
      const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? `, ${(cpuAfter - cpuBefore).toFixed(1)} s of CPU` : ''
      const parts = steps.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')
      console.log(`# package journey: ${(total / 1000).toFixed(1)} s wall${cpu} (${parts})`)
    }
  })

  it('scaffolds a package with every resource that passes its own make ci', async () => {
    const scaffolded = await scaffoldPackage(pkg(), [], folder)
    steps.push(['scaffold', scaffolded.ms])
    assertSucceeded(scaffolded, 'create-mortar --template package')
    await step('make init', 'make', ['init'], pkg())
    assert.ok(lstatSync(join(pkg(), 'tests', 'integrations', 'node_modules', NAME)).isSymbolicLink(), 'the test app links the package')
    assert.ok(existsSync(join(pkg(), 'tests', 'integrations', '.env')))
    const ci = await step('make ci', 'make', ['ci'], pkg())
    assert.match(ci.stdout, /# pass 9\n# fail 0/)
  })

  it("reports coverage of the package's files with make coverage (not part of the timed journey)", async () => {
    const coverage = await run('make', ['coverage'], { cwd: pkg(), env: authorEnv(), timeout: 180_000 })
    assertSucceeded(coverage, 'make coverage')
    assert.doesNotMatch(coverage.stdout, /Could not report code coverage/)
    assert.match(coverage.stdout, /start of coverage report/)
    assert.match(coverage.stdout, /^# src\/provider\.ts\s+\|\s+100\.00/m)
  })

  it('stores a token with make npmrc, mode 0600, without printing it', async () => {
    const token = await registry.token('author', 'correct horse battery staple')
    const stored = await step('make npmrc', 'make', ['npmrc'], pkg(), { ...registryEnv, NPM_TOKEN: token })
    assert.ok(!stored.stdout.includes(token) && !stored.stderr.includes(token), 'the token is never printed')
    const npmrc = registryEnv.npm_config_userconfig as string
    const key = `${registry.url.replace(/^http:/, '')}:_authToken`
    assert.deepEqual(readFileSync(npmrc, 'utf8').split('\n'), [`${key}=${token}`, ''])
    assert.equal(statSync(npmrc).mode & 0o777, 0o600)
    // Again, with another token: the line for this registry is replaced, not added.
    await step('make npmrc (again)', 'make', ['npmrc'], pkg(), { ...registryEnv, NPM_TOKEN: token })
    assert.equal(
      readFileSync(npmrc, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith(key)).length,
      1,
    )
  })

  it('publishes with make publish to the registry npm is configured with', async () => {
    const published = await step('make publish', 'make', ['publish'], pkg(), registryEnv)
    assert.match(published.stdout, /ready to publish to http:\/\/127\.0\.0\.1/)
    const manifest = (await (await fetch(`${registry.url}${NAME}`)).json()) as { versions: Record<string, { mortar?: unknown }> }
    assert.deepEqual(manifest.versions['0.1.0']?.mortar, { provider: './dist/provider.js', source: './src/provider.ts' })
  })

  it('installs into a fresh app, where its route, view, stylesheet, migration and command work', async () => {
    await step('create app', process.execPath, [CREATE_MORTAR_BIN, app(), '--mortar', MORTAR, '--yes', '--no-install'], folder)
    await step('npm install (app)', 'npm', ['install'], app())
    await step(`npm install ${NAME}`, 'npm', ['install', NAME, '--registry', registry.url], app(), registryEnv)
    assert.ok(!lstatSync(join(app(), 'node_modules', NAME)).isSymbolicLink(), 'installed from the registry, not linked')

    const migrated = await step('craft migrate', process.execPath, [CRAFT_BIN, 'migrate'], app())
    assert.match(migrated.stdout, /journey: create_journey_items_table/)
    const hello = await step('craft journey:hello', process.execPath, [CRAFT_BIN, 'journey:hello', 'Ada'], app())
    assert.match(hello.stdout, /Hello from Journey, Ada!/)

    const started = Date.now()
    const served = await serveApp(app())
    try {
      const page = await fetch(`${served.url}/journey`)
      assert.equal(page.status, 200)
      const html = await page.text()
      assert.match(html, /<h1>Hello from Journey<\/h1>/)
      assert.match(html, /<link rel="stylesheet" href="\/vendor\/journey\/journey\.css">/)
      const css = await fetch(`${served.url}/vendor/journey/journey.css`)
      assert.equal(css.status, 200)
      assert.match(await css.text(), /\.journey \{/)
      const created = await fetch(`${served.url}/api/journey/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ name: 'First' }),
      })
      assert.equal(created.status, 201)
      assert.equal(((await created.json()) as { data: { name: string } }).data.name, 'First')
      assert.match(await (await fetch(`${served.url}/journey`)).text(), /<li>First<\/li>/)
    } finally {
      await served.stop()
    }
    steps.push(['serve and request', Date.now() - started])
  })

  it('refuses, in craft package:check, to publish the same version again', async () => {
    const again = await run(process.execPath, [CRAFT_BIN, 'package:check'], { cwd: pkg(), env: registryEnv, timeout: 90_000 })
    assert.equal(again.code, 1, again.stdout)
    assert.match(again.stderr, /✗ mortar-journey@0\.1\.0 is already on http:\/\/127\.0\.0\.1:\d+\/: raise "version" in package\.json/)
  })
})
