// Discovery through the real craft: the `mortar` field, dependency order, config/providers.ts
// order and dontDiscover, package:list, and caches that never go stale when a package leaves
// node_modules (its link deleted, or `npm uninstall`).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertOneLineError } from '../../core/support.js'
import { BLOG, craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { installFixture, provider, routesFile, uninstallFixture } from './support.js'

const T = { timeout: 30_000 }

interface ListedPackage {
  name: string
  npm: string
  version: string
  linked: boolean
  resources: string[]
  published: Record<string, number>
}

function packageList(app: string): ListedPackage[] {
  const run = craft(app, ['package:list', '--json'], T)
  assert.equal(run.code, 0, run.stderr)
  return JSON.parse(run.stdout)
}

function routePaths(app: string): { path: string; source: string }[] {
  const run = craft(app, ['routes:list', '--json'], T)
  assert.equal(run.code, 0, run.stderr)
  return JSON.parse(run.stdout)
}

describe('discovery', { timeout: 300_000 }, () => {
  let app: string
  let providers: string

  before(() => {
    app = createTempApp({ name: 'discovery', packages: [BLOG] })
    providers = readFileSync(join(app, 'config/providers.ts'), 'utf8')
  })
  after(() => removeTempApp(app))

  it('finds an installed package by the "mortar" field of its package.json; package:discover and package:list show it', () => {
    const discover = craft(app, ['package:discover'], T)
    assert.equal(discover.code, 0, discover.stderr)
    assert.equal(discover.stdout.trim(), 'Discovered mortar-blog 1.0.0 (linked)')

    const table = craft(app, ['package:list'], T)
    assert.equal(table.code, 0, table.stderr)
    const [header, row, ...rest] = table.stdout.trim().split('\n')
    assert.match(header ?? '', /^Name\s+npm\s+Version\s+Resources\s+Published$/)
    assert.match(
      row ?? '',
      /^blog\s+mortar-blog\s+1\.0\.0 \(linked\)\s+config, views, migrations\(2\), routes\(10\), controllers, assets, commands\(1\)\s+—$/,
    )
    assert.deepEqual(rest, [])

    assert.deepEqual(packageList(app), [
      {
        name: 'blog',
        npm: 'mortar-blog',
        version: '1.0.0',
        linked: true,
        resources: ['config', 'views', 'migrations(2)', 'routes(10)', 'controllers', 'assets', 'commands(1)'],
        published: {},
      },
    ])
  })

  it('runs a package after the packages it depends on, listed providers first, and leaves out dontDiscover', () => {
    // Installed in this order, so package.json lists a-feature before z-core.
    installFixture(app, {
      npmName: 'a-feature',
      dependencies: { 'z-core': '1.0.0' },
      files: {
        'provider.js': provider(".name('feature').routes('routes.js')"),
        'routes.js': routesFile("  Route.get('/feature', () => 'feature'),"),
      },
    })
    installFixture(app, {
      npmName: 'z-core',
      files: {
        'provider.js': provider(".name('core').routes('routes.js')"),
        'routes.js': routesFile("  Route.get('/core', () => 'core'),"),
      },
    })
    try {
      assert.deepEqual(
        packageList(app).map((pkg) => pkg.name),
        ['blog', 'core', 'feature'],
      )
      assert.deepEqual(
        routePaths(app)
          .filter((route) => route.source !== 'app')
          .map((route) => route.source),
        // The blog's 10 routes (pages, writing pages, API), then the others in dependency order.
        [...Array(10).fill('blog'), 'core', 'feature'],
      )

      writeFileSync(join(app, 'config/providers.ts'), `export default { providers: ['a-feature'], dontDiscover: ['mortar-blog'] }\n`)
      assert.deepEqual(
        packageList(app).map((pkg) => pkg.name),
        ['feature', 'core'],
      )
      assert.ok(!routePaths(app).some((route) => route.path.startsWith('/blog')), 'blog routes left out')
      assert.doesNotMatch(craft(app, ['list'], T).stdout, /blog:import/)
    } finally {
      writeFileSync(join(app, 'config/providers.ts'), providers)
      uninstallFixture(app, 'a-feature')
      uninstallFixture(app, 'z-core')
    }
    assert.deepEqual(
      packageList(app).map((pkg) => pkg.name),
      ['blog'],
    )
  })

  it('a package whose link is deleted from node_modules leaves no stale cache, and comes back with its link', () => {
    // Both caches are warm and include the blog.
    assert.match(craft(app, ['list'], T).stdout, /blog:import/)
    assert.ok(routePaths(app).some((route) => route.source === 'blog'))

    const link = join(app, 'node_modules', 'mortar-blog')
    rmSync(link)
    try {
      const list = craft(app, ['list'], T)
      assert.equal(list.code, 0, list.stderr)
      assert.doesNotMatch(list.stdout, /blog:import/, 'craft list still shows the removed package’s command')
      assert.ok(!routePaths(app).some((route) => route.source === 'blog'))
      assert.deepEqual(packageList(app), [])
      assertOneLineError(craft(app, ['blog:import', 'posts.csv'], T), 'Command "blog:import" is not defined')
    } finally {
      symlinkSync(relative(join(app, 'node_modules'), BLOG), link)
    }
    assert.match(craft(app, ['list'], T).stdout, /blog:import/)
    assert.ok(routePaths(app).some((route) => route.source === 'blog'))
  })

  it('`npm uninstall` leaves no stale cache either, and `npm install` brings the package back', () => {
    assert.match(craft(app, ['list'], T).stdout, /blog:import/)
    execFileSync('npm', ['uninstall', '--no-audit', '--no-fund', 'mortar-blog'], { cwd: app, stdio: 'pipe', timeout: 120_000 })
    const list = craft(app, ['list'], T)
    assert.equal(list.code, 0, list.stderr)
    assert.doesNotMatch(list.stdout, /blog:import/)
    assert.deepEqual(packageList(app), [])
    assert.ok(!routePaths(app).some((route) => route.source === 'blog'))

    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', BLOG], { cwd: app, stdio: 'pipe', timeout: 120_000 })
    assert.match(craft(app, ['list'], T).stdout, /blog:import/)
    assert.deepEqual(
      packageList(app).map((pkg) => pkg.name),
      ['blog'],
    )
  })
})
