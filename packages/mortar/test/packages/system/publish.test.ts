// craft package:publish against a temp app with examples/blog: --dry, one line per file, the
// ledger, idempotent republishing, files the user changed or already had, and bad names.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertOneLineError } from '../../core/support.js'
import { BLOG, craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { diffSnapshots, snapshot, writeTree } from './support.js'

const T = { timeout: 30_000 }
const MIGRATION = /^databases\/migrations\/\d{4}_\d\d_\d\d_\d{6}_create_(posts|tags)_table\.ts$/

/** The files of a package folder, relative and sorted. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort()
}

/** Every destination the blog publishes, migrations with their timestamp replaced by `*`. */
const DESTINATIONS = [
  'config/blog.ts',
  ...filesUnder(join(BLOG, 'templates')).map((file) => `templates/vendor/blog/${file}`),
  'databases/migrations/*_create_posts_table.ts',
  'databases/migrations/*_create_tags_table.ts',
  ...filesUnder(join(BLOG, 'assets')).map((file) => `public/vendor/blog/${file}`),
]

/** The `state destination` lines a publish printed (the summary line left out). */
function lines(stdout: string): { state: string; destination: string }[] {
  return stdout
    .trim()
    .split('\n')
    .slice(0, -1)
    .map((line) => {
      const match = /^(.+?)\s+(\S+)$/.exec(line)
      assert.ok(match, `not a result line: ${line}`)
      return { state: match[1] as string, destination: match[2] as string }
    })
}

const stamped = (destination: string) => destination.replace(/\/\d{4}_\d\d_\d\d_\d{6}_/, '/*_')

function publish(app: string, ...args: string[]) {
  const run = craft(app, ['package:publish', 'blog', ...args], T)
  assert.equal(run.code, 0, `${run.stdout}${run.stderr}`)
  return { out: run.stdout, results: lines(run.stdout) }
}

describe('craft package:publish', { timeout: 300_000 }, () => {
  let app: string
  const ledger = () => join(app, '.mortar', 'ledger.json')

  before(() => {
    app = createTempApp({ name: 'publish', packages: [BLOG] })
    // Warm the discovery and command caches so the snapshots below see only what publishing does.
    assert.equal(craft(app, ['package:list'], T).code, 0)
  })
  after(() => removeTempApp(app))

  it('--dry lists every destination and writes nothing, not even the ledger', () => {
    const before = snapshot(app)
    const { out, results } = publish(app, '--dry')
    assert.deepEqual(diffSnapshots(before, snapshot(app)), [])
    assert.equal(existsSync(join(app, '.mortar')), false)
    assert.deepEqual(results.map((r) => stamped(r.destination)).sort(), [...DESTINATIONS].sort())
    assert.ok(results.every((r) => r.state === 'would be written'))
    assert.ok(results.filter((r) => r.destination.startsWith('databases/')).every((r) => MIGRATION.test(r.destination)))
    assert.match(out, /Dry run: 10 to write, 0 unchanged, 0 skipped\.\n$/)
  })

  it('keeps a file that was already there and never published, unless --force', () => {
    writeTree(app, { 'templates/vendor/blog/posts/show.edge': '<p>my own show page</p>\n' })
    const { out, results } = publish(app)
    const show = results.find((r) => r.destination === 'templates/vendor/blog/posts/show.edge')
    assert.equal(show?.state, 'skipped (already exists, never published; --force to replace)')
    assert.equal(results.filter((r) => r.state === 'written').length, 9)
    assert.match(out, /9 written, 0 unchanged, 1 skipped\.\n$/)
    assert.equal(readFileSync(join(app, 'templates/vendor/blog/posts/show.edge'), 'utf8'), '<p>my own show page</p>\n')
    assert.equal(readFileSync(join(app, 'config/blog.ts'), 'utf8'), readFileSync(join(BLOG, 'config/blog.ts'), 'utf8'))

    const forced = publish(app, '--resources', 'views', '--force')
    assert.deepEqual(forced.results.find((r) => r.destination.endsWith('posts/show.edge'))?.state, 'overwritten')
    assert.equal(
      readFileSync(join(app, 'templates/vendor/blog/posts/show.edge'), 'utf8'),
      readFileSync(join(BLOG, 'templates/posts/show.edge'), 'utf8'),
    )
  })

  it('records every published file in the ledger: package, version, source and hashes', () => {
    const entries = Object.values(JSON.parse(readFileSync(ledger(), 'utf8')).files) as Record<string, string>[]
    assert.deepEqual(entries.map((e) => stamped(e.destination as string)).sort(), [...DESTINATIONS].sort())
    for (const entry of entries) {
      assert.equal(entry.package, 'blog')
      assert.equal(entry.version, '1.0.0')
      assert.match(entry.upstream as string, /^[0-9a-f]{64}$/)
      assert.match(entry.written as string, /^[0-9a-f]{64}$/)
    }
    assert.equal(entries.find((e) => e.destination === 'config/blog.ts')?.sourcePath, 'config/blog.ts')
  })

  it('publishing again, twice, writes nothing: every file unchanged, the ledger untouched', () => {
    const before = snapshot(app)
    const ledgerTime = statSync(ledger()).mtimeMs
    for (let round = 0; round < 2; round++) {
      const { out, results } = publish(app)
      assert.equal(results.length, 10)
      assert.ok(
        results.every((r) => r.state === 'unchanged'),
        out,
      )
      assert.match(out, /0 written, 10 unchanged, 0 skipped\.\n$/)
    }
    assert.equal(statSync(ledger()).mtimeMs, ledgerTime)
    // Only `.mortar/` itself changes: each publish takes its lock there, then releases it.
    assert.deepEqual(diffSnapshots(before, snapshot(app)), ['changed .mortar/'])
  })

  it('keeps a published file you changed, saying so, and replaces it with --force', () => {
    const file = join(app, 'config/blog.ts')
    const mine = readFileSync(file, 'utf8').replace('per_page: 10', 'per_page: 50')
    writeFileSync(file, mine)

    const kept = publish(app)
    assert.deepEqual(
      kept.results.find((r) => r.destination === 'config/blog.ts'),
      {
        state: 'skipped (changed by you; --force to replace)',
        destination: 'config/blog.ts',
      },
    )
    assert.match(kept.out, /0 written, 9 unchanged, 1 skipped\.\n$/)
    assert.equal(readFileSync(file, 'utf8'), mine)

    const dry = publish(app, '--force', '--dry')
    assert.equal(dry.results.find((r) => r.destination === 'config/blog.ts')?.state, 'would be overwritten')
    assert.equal(readFileSync(file, 'utf8'), mine)

    const forced = publish(app, '--force')
    assert.equal(forced.results.find((r) => r.destination === 'config/blog.ts')?.state, 'overwritten')
    assert.equal(readFileSync(file, 'utf8'), readFileSync(join(BLOG, 'config/blog.ts'), 'utf8'))
    assert.match(publish(app).out, /0 written, 10 unchanged, 0 skipped\.\n$/)
  })

  it('publishes only the resources asked for', () => {
    const { results } = publish(app, '--resources', 'config,assets', '--dry')
    assert.deepEqual(
      results.map((r) => r.destination),
      ['config/blog.ts', 'public/vendor/blog/blog.css', 'public/vendor/blog/blog.js'],
    )
  })

  it('an unknown package or resource is an error listing the valid names', () => {
    assertOneLineError(craft(app, ['package:publish', 'blgo'], T), 'No package named "blgo" is installed', 'Installed packages: blog')
    assertOneLineError(
      craft(app, ['package:publish', 'blog', '--resources', 'views,routes'], T),
      'Package "blog" has no publishable resource "routes"',
      'Valid resources: config, views, migrations, assets',
    )
    assertOneLineError(craft(app, ['package:publish'], T), 'missing argument "name"')
  })
})
