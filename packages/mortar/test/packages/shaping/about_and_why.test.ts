// craft about (--json, and lines a package adds from boot()) and craft package:why for a view, a
// config key, an asset URL and a route: which copy is in effect, and a published copy left behind
// by an upgrade.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertOneLineError } from '../../core/support.js'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { installFixture } from '../system/support.js'

const T = { timeout: 30_000 }

function notesPackage(version: string, show: string) {
  return {
    npmName: 'mortar-notes',
    version,
    files: {
      'provider.js': `import { PackageProvider } from 'mortar'
export default class NotesProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.').name('notes')
      .config('config/notes.js', { publish: true })
      .views('templates', { publish: true })
      .assets('assets')
      .routes('routes/web.js')
  }
  boot() {
    this.about({ 'Feed title': () => this.app.config.get('notes.feed.title'), Version: '${version}' })
  }
}
`,
      'config/notes.js': "export default { per_page: 5, feed: { title: 'All notes' } }\n",
      'templates/index.edge': '<h1>Notes</h1>\n',
      'templates/show.edge': show,
      'assets/notes.css': 'body { color: black }\n',
      'routes/web.js': `import { Route } from 'mortar'
export default [Route.get('/notes', () => 'notes').name('notes.index')]
`,
    },
  }
}

function ok(app: string, args: string[]): string {
  const run = craft(app, args, T)
  assert.equal(run.code, 0, `craft ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`)
  return run.stdout
}

const why = (app: string, thing: string) => JSON.parse(ok(app, ['package:why', thing, '--json']))

describe('craft about and craft package:why', { timeout: 300_000 }, () => {
  let app: string

  before(() => {
    app = createTempApp({ name: 'why' })
    installFixture(app, notesPackage('1.0.0', '<p>{{ note }}</p>\n'))
  })
  after(() => removeTempApp(app))

  it('about --json lists versions, drivers, the package and the lines it added', () => {
    const about = JSON.parse(ok(app, ['about', '--json']))
    assert.equal(about.application.Environment, 'development')
    assert.equal(about.application['Node version'], process.version)
    assert.match(about.application['Mortar version'], /^\d+\.\d+\.\d+/)
    assert.match(about.drivers.Database, /^sqlite /)
    const notes = about.packages.find((pkg: { name: string }) => pkg.name === 'notes')
    assert.deepEqual(
      { npm: notes.npm, version: notes.version, resources: notes.resources, published: notes.published, overrides: notes.overrides },
      { npm: 'mortar-notes', version: '1.0.0', resources: ['config', 'views', 'routes', 'assets'], published: {}, overrides: [] },
    )
    assert.deepEqual(about.sections.notes, { 'Feed title': 'All notes', Version: '1.0.0' })
    const text = ok(app, ['about'])
    assert.match(text, /Feed title\s+All notes/)
    assert.match(text, /notes\s+mortar-notes 1\.0\.0/)
  })

  it('why: a view, config key, asset and route in place come from the package', () => {
    const view = why(app, 'notes:show')
    assert.deepEqual(
      view.candidates.map((c: { owner: string; location: string; inEffect: boolean }) => [c.owner, c.location, c.inEffect]),
      [
        ['published', 'templates/vendor/notes/show.edge', false],
        ['package', 'packages/mortar-notes/templates/show.edge', true],
      ],
    )
    const config = why(app, 'notes.per_page')
    assert.deepEqual(config.candidates, [
      { owner: 'package', location: 'packages/mortar-notes/config/notes.js → per_page', exists: true, inEffect: true, detail: 5 },
    ])
    const asset = why(app, '/vendor/notes/notes.css')
    assert.deepEqual(
      asset.candidates.map((c: { location: string; inEffect: boolean }) => [c.location, c.inEffect]),
      [
        ['public/vendor/notes/notes.css', false],
        ['packages/mortar-notes/assets/notes.css', true],
      ],
    )
    const route = why(app, 'GET /notes')
    assert.equal(route.package, 'notes')
    assert.deepEqual(route.candidates[0].detail, { path: '/notes', name: 'notes.index', handler: 'closure', source: 'notes' })
  })

  it('why: the app’s copies win, and a copy left behind by an upgrade says so', () => {
    ok(app, ['package:publish', 'notes', '--only', 'templates/show.edge', '--only', 'config/notes.js'])
    writeFileSync(join(app, 'config/notes.js'), "export default { per_page: 9, feed: { title: 'All notes' } }\n")
    installFixture(app, notesPackage('2.0.0', '<article>{{ note }}</article>\n'))

    const view = why(app, 'notes:show')
    assert.equal(view.candidates[0].inEffect, true)
    assert.deepEqual(view.published, {
      destination: 'templates/vendor/notes/show.edge',
      state: 'changed-upstream',
      publishedVersion: '1.0.0',
      installedVersion: '2.0.0',
    })
    const text = craft(app, ['package:why', 'notes:show'], T)
    assert.equal(text.code, 0)
    assert.match(text.stdout, /in effect\s+templates\/vendor\/notes\/show\.edge/)
    assert.match(text.stderr, /behind the installed package: craft package:update notes/)

    const config = why(app, 'notes.per_page')
    assert.deepEqual(
      config.candidates.map((c: { owner: string; inEffect: boolean; detail: unknown }) => [c.owner, c.inEffect, c.detail]),
      [
        ['published', true, 9],
        ['package', false, 5],
      ],
    )
    assert.equal(config.published.state, 'changed-by-you')

    const about = JSON.parse(ok(app, ['about', '--json']))
    const notes = about.packages.find((pkg: { name: string }) => pkg.name === 'notes')
    assert.deepEqual(notes.published, { views: 1, config: 1 })
    assert.deepEqual(notes.overrides, ['config/notes.js', 'templates/vendor/notes/ (1 file)'])
  })

  it('why: something nothing provides is one clear error', () => {
    assertOneLineError(craft(app, ['package:why', 'notes:nope'], T), /Nothing provides the view "notes:nope"/)
    assertOneLineError(craft(app, ['package:why', 'GET /nowhere'], T), /No route answers GET \/nowhere/)
    assertOneLineError(craft(app, ['package:why', 'notes.missing_key'], T), /No config key "notes\.missing_key"/)
  })
})
