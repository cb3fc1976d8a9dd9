// package:publish --only (one file, a glob, a folder) and what status, update and remove then do
// with those files; UPGRADING.md notes printed by update for every version crossed, in order.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertOneLineError } from '../../core/support.js'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { installFixture, writeTree } from '../system/support.js'

const T = { timeout: 30_000 }

const PROVIDER = `import { PackageProvider } from 'mortar'
export default class NotesProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.').name('notes').views('templates', { publish: true }).config('config/notes.js', { publish: true })
  }
}
`

/** The fixture package at `version`, with its views and an UPGRADING.md. */
function notesPackage(version: string, views: Record<string, string>, upgrading?: string) {
  return {
    npmName: 'mortar-notes',
    version,
    files: {
      'provider.js': PROVIDER,
      'config/notes.js': 'export default { per_page: 5 }\n',
      ...Object.fromEntries(Object.entries(views).map(([path, text]) => [`templates/${path}`, text])),
      ...(upgrading ? { 'UPGRADING.md': upgrading } : {}),
    },
  }
}

const V1_VIEWS = { 'index.edge': '<h1>Notes</h1>\n', 'show.edge': '<p>{{ note }}</p>\n', 'partials/row.edge': '<li>row</li>\n' }

function ok(app: string, args: string[]): string {
  const run = craft(app, args, T)
  assert.equal(run.code, 0, `craft ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`)
  return run.stdout
}

const ledger = (app: string) => JSON.parse(readFileSync(join(app, '.mortar', 'ledger.json'), 'utf8')).files

describe('package:publish --only and upgrade notes', { timeout: 300_000 }, () => {
  let app: string

  before(() => {
    app = createTempApp({ name: 'only' })
    installFixture(app, notesPackage('1.0.0', V1_VIEWS))
  })
  after(() => removeTempApp(app))

  it('publishes one view, and --dry of a glob lists only what it matches', () => {
    const dry = ok(app, ['package:publish', 'notes', '--only', 'templates/**/*.edge', '--only', 'config/*', '--dry'])
    assert.match(dry, /would be written\s+templates\/vendor\/notes\/partials\/row\.edge/)
    assert.match(dry, /would be written\s+config\/notes\.js/)
    assert.match(dry, /Dry run: 4 to write/)

    const out = ok(app, ['package:publish', 'notes', '--only', 'templates/show.edge'])
    assert.match(out, /written\s+templates\/vendor\/notes\/show\.edge/)
    assert.match(out, /1 written, 0 unchanged, 0 skipped\./)
    assert.equal(existsSync(join(app, 'templates/vendor/notes/index.edge')), false)
    assert.equal(existsSync(join(app, 'config/notes.js')), false)
    assert.equal(ledger(app)['templates/vendor/notes/show.edge'].selected, true)
  })

  it('a pattern that matches nothing is one clear error listing what can be published', () => {
    const run = craft(app, ['package:publish', 'notes', '--only', 'templates/nope.edge'], T)
    assertOneLineError(run, /--only "templates\/nope\.edge" matches no publishable file of package "notes"/)
    assert.match(run.stderr, /templates\/show\.edge/)
  })

  it('status shows the one file and does not offer the other views as added upstream', () => {
    const out = ok(app, ['package:status', 'notes'])
    assert.match(out, /unchanged\s+│?\s*notes\s+│?\s*templates\/vendor\/notes\/show\.edge/)
    assert.doesNotMatch(out, /index\.edge|row\.edge|added upstream/)
  })

  it('update merges the chosen file, adds no other view, keeps it chosen, and prints the notes crossed in order', () => {
    const show = join(app, 'templates/vendor/notes/show.edge')
    writeFileSync(show, '<p>{{ note }}</p>\n<footer>mine</footer>\n')
    installFixture(
      app,
      notesPackage(
        '3.0.0',
        { ...V1_VIEWS, 'show.edge': '<article>\n<p>{{ note }}</p>\n', 'new.edge': '<p>new</p>\n' },
        [
          '# Upgrading mortar-notes',
          '',
          '## 3.0.0',
          '',
          'show.edge wraps the note in an article.',
          '',
          '## 2.0.0 (2026-10-01)',
          '',
          'The `per_page` key replaces `limit`.',
          '',
          '## 1.0.0',
          '',
          'First release: nothing to do.',
          '',
        ].join('\n'),
      ),
    )
    const status = craft(app, ['package:status', 'notes'], T)
    assert.match(status.stdout + status.stderr, /Upgrade notes are waiting for "notes" 1\.0\.0 → 3\.0\.0 \(2\.0\.0, 3\.0\.0\)/)

    const out = ok(app, ['package:update', 'notes'])
    const notes = out.indexOf('Upgrade notes for "notes" 1.0.0 → 3.0.0')
    const two = out.indexOf('## 2.0.0')
    const three = out.indexOf('## 3.0.0')
    const merged = out.search(/merged\s+templates\/vendor\/notes\/show\.edge/)
    assert.ok(notes >= 0 && notes < two && two < three && three < merged, out)
    assert.match(out, /The `per_page` key replaces `limit`\./)
    assert.doesNotMatch(out, /First release/)
    assert.doesNotMatch(out, /new\.edge|index\.edge/)
    assert.equal(readFileSync(show, 'utf8'), '<article>\n<p>{{ note }}</p>\n<footer>mine</footer>\n')
    assert.equal(existsSync(join(app, 'templates/vendor/notes/new.edge')), false)
    assert.equal(ledger(app)['templates/vendor/notes/show.edge'].selected, true)
    assert.equal(ledger(app)['templates/vendor/notes/show.edge'].version, '3.0.0')

    // Crossed once: nothing waits any more.
    const again = craft(app, ['package:status', 'notes'], T)
    assert.doesNotMatch(again.stdout + again.stderr, /Upgrade notes/)
  })

  it('remove keeps the chosen file the user changed and lists it', () => {
    writeTree(app, { 'templates/vendor/notes/show.edge': '<p>mine only</p>\n' })
    const run = craft(app, ['package:remove', 'notes', '--force'], { timeout: 120_000 })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(run.stdout + run.stderr, /kept \(changed by you\)\s+templates\/vendor\/notes\/show\.edge/)
    assert.equal(readFileSync(join(app, 'templates/vendor/notes/show.edge'), 'utf8'), '<p>mine only</p>\n')
  })
})
