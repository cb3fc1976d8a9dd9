// Collisions and hostile input, through the real craft against a temp app with small fixture
// packages: every one stops the start with one line naming both sources, or the package and path.
import assert from 'node:assert/strict'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, afterEach, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { assertOneLineError } from '../../core/support.js'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { commandFile, installFixture, provider, routesFile, uninstallFixture } from './support.js'

const T = { timeout: 30_000 }

describe('package collisions and path escapes stop the start with one line', { timeout: 240_000 }, () => {
  let app: string
  let installed: string[] = []

  const install = (npmName: string, files: Record<string, string>, extra: { mortar?: Record<string, string> } = {}) => {
    installed.push(npmName)
    return installFixture(app, { npmName, files, ...extra })
  }

  before(() => {
    app = createTempApp({ name: 'collisions' })
  })

  afterEach(() => {
    for (const name of installed) uninstallFixture(app, name)
    installed = []
  })

  after(() => removeTempApp(app))

  it('two packages with the same name: names both npm packages and folders', () => {
    const one = install('pkg-one', { 'provider.js': provider(".name('shared')") })
    const two = install('pkg-two', { 'provider.js': provider(".name('shared')") })
    assertOneLineError(craft(app, ['routes:list'], T), 'Package name "shared" is declared by', `pkg-one (${one})`, `pkg-two (${two})`)
  })

  it('two packages registering the same method and path: names both', () => {
    install('pkg-alpha', {
      'provider.js': provider(".name('alpha').routes('routes.js')"),
      'routes.js': routesFile("  Route.get('/hello/:who', () => 'alpha'),"),
    })
    install('pkg-beta', {
      'provider.js': provider(".name('beta').routes('routes.js')"),
      'routes.js': routesFile("  Route.get('/hello/:name', () => 'beta'),"),
    })
    assertOneLineError(
      craft(app, ['routes:list'], T),
      'Route GET /hello/:name is registered by package "alpha" (routes.js of package "alpha") and by package "beta" (routes.js of package "beta")',
    )
  })

  it('a package route on a path the app has: names the app file and the package', () => {
    install('pkg-alpha', {
      'provider.js': provider(".name('alpha').routes('routes.js')"),
      'routes.js': routesFile("  Route.get('/', () => 'not the welcome page'),"),
    })
    assertOneLineError(craft(app, ['routes:list'], T), 'Route GET / is registered by the app (routes/web.ts) and by package "alpha"')
  })

  it('two packages registering the same route name: names both', () => {
    install('pkg-alpha', {
      'provider.js': provider(".name('alpha').routes('routes.js')"),
      'routes.js': routesFile("  Route.get('/alpha', () => 'a').name('home'),"),
    })
    install('pkg-beta', {
      'provider.js': provider(".name('beta').routes('routes.js')"),
      'routes.js': routesFile("  Route.get('/beta', () => 'b').name('home'),"),
    })
    assertOneLineError(
      craft(app, ['routes:list'], T),
      'Route name "home" is used by package "alpha" (routes.js of package "alpha") and by package "beta" (routes.js of package "beta")',
    )
  })

  it('two packages registering the same command, or a package and the app: names both', () => {
    install('pkg-alpha', {
      'provider.js': provider(".name('alpha').commands(Cmd)", "import { Cmd } from './cmd.js'"),
      'cmd.js': commandFile('greet {who?}', 'alpha'),
    })
    install('pkg-beta', {
      'provider.js': provider(".name('beta').commands(Cmd)", "import { Cmd } from './cmd.js'"),
      'cmd.js': commandFile('greet', 'beta'),
    })
    assertOneLineError(craft(app, ['greet'], T), 'Command "greet" is registered by package "alpha" and by package "beta"')
    assertOneLineError(craft(app, ['list'], T), 'Command "greet" is registered by package "alpha" and by package "beta"')
    uninstallFixture(app, 'pkg-beta')
    install('pkg-beta', {
      'provider.js': provider(".name('beta').commands(Cmd)", "import { Cmd } from './cmd.js'"),
      'cmd.js': commandFile('inspire', 'beta'),
    })
    assertOneLineError(craft(app, ['routes:list'], T), 'Command "inspire" is registered by package "beta" and by the app')
  })

  it('a resource path with ../ : names the package and the path', () => {
    mkdirSync(join(app, 'packages', 'outside'), { recursive: true })
    install('pkg-escape', { 'provider.js': provider(".name('escape').views('../outside')") })
    assertOneLineError(craft(app, ['routes:list'], T), 'Package "escape": resource path "../outside" leaves the package root')
  })

  it('an absolute resource path: names the package and the path', () => {
    install('pkg-escape', { 'provider.js': provider(".name('escape').config('/etc/hostname')") })
    assertOneLineError(
      craft(app, ['routes:list'], T),
      'Package "escape": resource path "/etc/hostname" must be relative to the package root',
    )
  })

  it('a resource that is a link leaving the package root: names the package, the path and the target', () => {
    const outside = join(app, '..', 'outside-assets')
    mkdirSync(outside, { recursive: true })
    const folder = install('pkg-escape', { 'provider.js': provider(".name('escape').assets('public')") })
    symlinkSync(outside, join(folder, 'public'))
    assertOneLineError(
      craft(app, ['routes:list'], T),
      'Package "escape": resource path "public" is a link to',
      'outside-assets, outside the package root',
    )
  })

  it('a link inside a resource folder that leaves the root: publishing names the package and the file', () => {
    const secret = join(app, '..', 'secret.edge')
    writeFileSync(secret, 'TOP SECRET\n')
    const folder = install('pkg-escape', { 'provider.js': provider(".name('escape').views('templates')"), 'templates/ok.edge': 'fine\n' })
    symlinkSync(secret, join(folder, 'templates', 'leak.edge'))
    assertOneLineError(
      craft(app, ['package:publish', 'escape'], T),
      'Package "escape": templates/leak.edge links to',
      'secret.edge, outside the package root',
    )
  })

  it('a view that is a link leaving the package root is never rendered: the error names the package and the file', async () => {
    const secret = join(app, '..', 'secret-view.edge')
    writeFileSync(secret, 'TOP SECRET\n')
    const folder = install('pkg-view-link', {
      'provider.js': provider(".name('viewlink').views('templates').routes('routes.js')"),
      'templates/ok.edge': 'fine\n',
      'routes.js': routesFile("  Route.get('/leak', () => view('viewlink:leak')),").replace('import { Route }', 'import { Route, view }'),
    })
    symlinkSync(secret, join(folder, 'templates', 'leak.edge'))
    let booted: TestApp | undefined
    try {
      booted = await createTestApp({ root: app })
    } catch (error) {
      // Refusing the package at start is as good as refusing the view.
      assert.equal((error as { code?: string }).code, 'E_PACKAGE_PATH_ESCAPE')
      return
    }
    try {
      assert.equal((await booted.app.views.render('viewlink:ok')).trim(), 'fine')
      const page = await booted.get('/leak')
      page.assertDontSee('TOP SECRET')
      assert.notEqual(page.status, 200)
      await assert.rejects(booted.app.views.render('viewlink:leak'), (error: { code?: string; message: string }) => {
        assert.equal(error.code, 'E_PACKAGE_PATH_ESCAPE', error.message)
        assert.match(error.message, /viewlink/)
        assert.match(error.message, /leak\.edge/)
        return true
      })
    } finally {
      await booted.close()
    }
  })

  it('a "mortar" field pointing outside the package: names the package and the path', () => {
    install('pkg-escape', {}, { mortar: { provider: '../pkg-other/provider.js' } })
    assertOneLineError(
      craft(app, ['routes:list'], T),
      'Package pkg-escape: its "mortar" field points outside the package (../pkg-other/provider.js)',
    )
  })

  it('a reserved name: names the package and the name', () => {
    install('pkg-vendor', { 'provider.js': provider(".name('vendor')") })
    assertOneLineError(craft(app, ['routes:list'], T), 'package name "vendor" is reserved', 'pkg-vendor')
  })

  it('an invalid name: names the package and the name', () => {
    install('pkg-shouty', { 'provider.js': provider(".name('My Blog')") })
    assertOneLineError(craft(app, ['routes:list'], T), 'package name "My Blog" is invalid', 'pkg-shouty')
  })

  it('after all that, the app starts again', () => {
    const run = craft(app, ['routes:list'], T)
    assert.equal(run.code, 0, run.stderr)
  })
})
