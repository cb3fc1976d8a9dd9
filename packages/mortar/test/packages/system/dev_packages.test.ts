// Dev-only packages: a package only the app's devDependencies lead to (or one installed with
// `package:install --dev`) loads in development and test, and a production boot never imports it.
// Real temp apps and the real craft; the fixture's provider records each import in a file.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { commandFile, installFixture, provider, routesFile, writeTree } from './support.js'

const PRODUCTION = { APP_ENV: '', NODE_ENV: 'production' }
const DEVELOPMENT = { APP_ENV: '', NODE_ENV: '' }

/** A package whose provider appends to imported.log each time it is imported. */
function devtools(name: string, path: string) {
  return {
    'provider.js': provider(
      `.name('${name}').routes('routes.js').commands(Cmd)`,
      `import { appendFileSync } from 'node:fs'
import { Cmd } from './command.js'
appendFileSync(new URL('./imported.log', import.meta.url), 'imported\\n')`,
    ),
    'routes.js': routesFile(`  Route.get('${path}', () => 'dev tools'),`),
    'command.js': commandFile(`${name}:hello`, 'hello from dev tools'),
  }
}

function moveToDevDependencies(app: string, npmName: string): void {
  const file = join(app, 'package.json')
  const json = JSON.parse(readFileSync(file, 'utf8'))
  json.devDependencies = { ...json.devDependencies, [npmName]: json.dependencies[npmName] }
  delete json.dependencies[npmName]
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`)
}

function paths(app: string, env: Record<string, string>): string[] {
  const run = craft(app, ['routes:list', '--json'], { env })
  assert.equal(run.code, 0, run.stderr)
  return (JSON.parse(run.stdout) as { path: string }[]).map((route) => route.path)
}

describe('dev-only packages', { timeout: 300_000 }, () => {
  let app: string
  let folder: string
  const log = () => join(folder, 'imported.log')

  before(() => {
    app = createTempApp({ name: 'dev-packages' })
    folder = installFixture(app, { npmName: 'mortar-devtools', files: devtools('devtools', '/_devtools') })
    moveToDevDependencies(app, 'mortar-devtools')
  })
  after(() => removeTempApp(app))

  it('a package in devDependencies loads in development and test', () => {
    assert.ok(paths(app, DEVELOPMENT).includes('/_devtools'))
    assert.ok(paths(app, { APP_ENV: 'test', NODE_ENV: '' }).includes('/_devtools'))
    const hello = craft(app, ['devtools:hello'], { env: DEVELOPMENT })
    assert.equal(hello.code, 0, hello.stderr)
    assert.match(hello.stdout, /hello from dev tools/)
    assert.ok(existsSync(log()))
    const list = craft(app, ['package:list'], { env: DEVELOPMENT })
    assert.match(list.stdout, /^devtools\s+mortar-devtools\s+1\.0\.0 \(linked\) \(dev\)\s/m)
  })

  it('a production boot never imports it: no route, no command, not in craft list', () => {
    // craft list in development first, so a cached command index exists that names the command.
    assert.match(craft(app, ['list'], { env: DEVELOPMENT }).stdout, /devtools:hello/)
    rmSync(log(), { force: true })
    assert.ok(!paths(app, PRODUCTION).includes('/_devtools'))
    assert.doesNotMatch(craft(app, ['list'], { env: PRODUCTION }).stdout, /devtools:hello/)
    assert.equal(craft(app, ['devtools:hello'], { env: PRODUCTION }).code, 1)
    assert.ok(!existsSync(log()), 'the production boot imported the dev-only provider')
  })

  it('a dev package listed in config/providers.ts is skipped in production, even when npm left it out', () => {
    const providers = join(app, 'config', 'providers.ts')
    const original = readFileSync(providers, 'utf8')
    const link = join(app, 'node_modules', 'mortar-devtools')
    const linkTarget = join('..', 'packages', 'mortar-devtools')
    try {
      writeFileSync(providers, original.replace(/providers:\s*\[/, "providers: [\n    'mortar-devtools',"))
      assert.ok(paths(app, DEVELOPMENT).includes('/_devtools'))
      // What `npm ci --omit=dev` leaves: no node_modules entry for it.
      rmSync(link)
      assert.ok(!paths(app, PRODUCTION).includes('/_devtools'))
    } finally {
      writeFileSync(providers, original)
      if (!existsSync(link)) symlinkSync(linkTarget, link)
    }
  })

  it('package:install --dev saves it in devDependencies, and production leaves it out', () => {
    writeTree(join(app, 'local', 'mortar-inspector'), {
      'package.json': `${JSON.stringify({ name: 'mortar-inspector', version: '1.0.0', type: 'module', mortar: { provider: './provider.js' } })}\n`,
      ...devtools('inspector', '/_inspector'),
    })
    const install = craft(app, ['package:install', './local/mortar-inspector', '--dev'], { env: DEVELOPMENT, timeout: 120_000 })
    assert.equal(install.code, 0, install.stdout + install.stderr)
    const json = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))
    assert.ok(json.devDependencies['mortar-inspector'], 'in devDependencies')
    assert.equal(json.dependencies['mortar-inspector'], undefined)
    assert.ok(paths(app, DEVELOPMENT).includes('/_inspector'))
    assert.ok(!paths(app, PRODUCTION).includes('/_inspector'))
  })
})
