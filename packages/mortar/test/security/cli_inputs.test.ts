// Inputs from the command line: bad flags, missing and extra arguments, unknown commands, packages
// and resources are one clear line and a non-zero exit (and change nothing); an app in a folder
// whose name has spaces and "ü", with a package whose files have CRLF line endings and such names,
// lists, publishes, migrates and updates correctly, keeping CRLF through publish and update.
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createTestApp } from 'mortar/testing'
import { type CraftRun, createTempApp, removeTempApp } from '../support/temp_app.js'
import { assertOneLineError, craftAsync, linkPackage, pool, snapshotTree, treeChanges, writePackage, writeTree } from './support.js'

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`

/** A package whose text files all use CRLF, with a space and unicode in some names. */
function crlfFiles(version: 1 | 2): Record<string, string> {
  return {
    'config/menu.ts': crlf([
      '// Menu settings',
      'export default {',
      `  title: 'Café ${version === 1 ? 'menu' : 'carte'}',`,
      '  items: 3,',
      '}',
    ]),
    'templates/my view ü.edge': crlf([
      '<ul class="menu">',
      '  <li>{{ title }}</li>',
      version === 1 ? '  <li>soup</li>' : '  <li>salad</li>',
      '</ul>',
    ]),
    'templates/other.edge': crlf([
      '<p>other</p>',
      '<p>second line</p>',
      '<p>third line</p>',
      '<p>fourth line</p>',
      version === 1 ? '<p>end</p>' : '<p>the end</p>',
    ]),
    'assets/café menu.css': crlf(['.menu {', `  color: ${version === 1 ? 'red' : 'blue'};`, '}']),
    'migrations/create_menu_table.ts': crlf([
      "import type { Kysely } from 'kysely'",
      'export async function up(db: Kysely<any>) {',
      "  await db.schema.createTable('menu_items').addColumn('id', 'integer', (c) => c.primaryKey()).execute()",
      '}',
      'export async function down(db: Kysely<any>) {',
      "  await db.schema.dropTable('menu_items').execute()",
      '}',
    ]),
    'routes/web.ts':
      "import { Route, view } from 'mortar'\r\nexport default [Route.get('/menü', () => view('menu:my view ü', { title: 'Menu' })).name('menu.index')]\r\n",
  }
}

const CONFIGURE =
  "this.root(import.meta.url, '.').name('menu').config('config/menu.ts').views('templates').migrations('migrations/create_menu_table.ts').routes('routes/web.ts').assets('assets')"

/** Every line break is CRLF (no bare LF). */
function assertCrlf(text: string, what: string): void {
  assert.ok(text.includes('\r\n'), `${what} has CRLF line endings`)
  assert.ok(!/[^\r]\n/.test(text), `${what} has a bare LF`)
}

describe('command-line inputs', () => {
  let root: string
  let pkg: string

  before(() => {
    root = createTempApp({ name: 'with space ü' })
    pkg = writePackage(join(root, '..', 'pâckage folder', 'mortar-menu'), {
      npmName: 'mortar-menu',
      configure: CONFIGURE,
      files: crlfFiles(1),
    })
    linkPackage(root, pkg)
  })
  after(() => removeTempApp(root))

  test('bad flags, missing or extra arguments, unknown commands, packages and resources: one line, non-zero, nothing written', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mortar-not-an-app-'))
    const before = snapshotTree(root)
    const cases: [string[], (string | RegExp)[], string?][] = [
      [
        ['package:publish', 'menu', '--bogus'],
        ["Unknown option '--bogus'", 'Usage: craft package:publish <name>'],
      ],
      [['package:publish'], ['missing argument "name"', 'Usage: craft package:publish']],
      [['package:publish', 'menu', 'extra'], ['unexpected argument "extra"']],
      [
        ['package:publish', 'nope'],
        ['No package named "nope" is installed', 'Installed packages: menu'],
      ],
      [
        ['package:publish', 'menu', '--resources', 'views,bogus'],
        ['has no publishable resource "bogus"', 'Valid resources: config, views, migrations, assets'],
      ],
      [['package:update', '../menu'], ['No package named "../menu"']],
      [
        ['package:publis', 'menu'],
        ['Command "package:publis" is not defined', 'Did you mean package:publish'],
      ],
      [['serve', '--port', 'abc'], ['--port must be a number from 0 to 65535, not "abc"']],
      [['routes:list'], ['must run inside a Mortar application'], outside],
    ]
    const runs = await pool(
      cases.map(
        ([args, , cwd]) =>
          () =>
            craftAsync(cwd ?? root, args, { timeout: 30_000 }),
      ),
      3,
    )
    cases.forEach(([args, parts], index) => {
      const run = runs[index] as CraftRun
      assert.equal(run.stdout.includes('    at '), false, `craft ${args.join(' ')} printed a stack`)
      try {
        assertOneLineError(run, ...parts)
      } catch (error) {
        throw new Error(`craft ${args.join(' ')}: ${(error as Error).message}`)
      }
    })
    rmSync(outside, { recursive: true, force: true })
    assert.deepEqual(treeChanges(before, snapshotTree(root)), [], 'a failed command wrote into the app')
  })

  test('an app in a folder named with spaces and ü: routes:list, package:publish --dry (writes nothing), publish, migrate', async () => {
    assert.match(root, / ü-/)
    const listed = await craftAsync(root, ['routes:list'])
    assert.equal(listed.code, 0, listed.stderr)
    assert.match(listed.stdout, /\/menü\s+menu\.index/)

    const before = snapshotTree(root)
    const dry = await craftAsync(root, ['package:publish', 'menu', '--dry'])
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(dry.stdout, /would be written\s+templates\/vendor\/menu\/my view ü\.edge/)
    assert.match(dry.stdout, /would be written\s+public\/vendor\/menu\/café menu\.css/)
    assert.deepEqual(treeChanges(before, snapshotTree(root)), [], '--dry wrote into the app')

    const published = await craftAsync(root, ['package:publish', 'menu'])
    assert.equal(published.code, 0, published.stderr)
    assert.match(published.stdout, /5 written, 0 unchanged, 0 skipped/)
    const migrated = await craftAsync(root, ['migrate'])
    assert.equal(migrated.code, 0, migrated.stderr)
    assert.match(migrated.stdout + migrated.stderr, /create_menu_table/)
  })

  test('CRLF files keep CRLF when published and when updated (replaced and merged); the pages and assets serve', async () => {
    // Published by the previous test: byte-for-byte copies, CRLF kept; the migration's header line too.
    for (const [source, destination] of [
      ['config/menu.ts', 'config/menu.ts'],
      ['templates/my view ü.edge', 'templates/vendor/menu/my view ü.edge'],
      ['assets/café menu.css', 'public/vendor/menu/café menu.css'],
    ] as const) {
      assert.equal(readFileSync(join(root, destination), 'utf8'), readFileSync(join(pkg, source), 'utf8'), destination)
    }
    const name = readdirSync(join(root, 'databases', 'migrations')).find((file) => file.endsWith('_create_menu_table.ts'))
    const migration = readFileSync(join(root, 'databases', 'migrations', name as string), 'utf8')
    assertCrlf(migration, 'the published migration')
    assert.match(migration, /^\/\/ mortar:published menu migrations\/create_menu_table\.ts\r\n/)

    // The user edits one view (keeping CRLF); the package moves to 2.0.0 with every file changed.
    const mine = join(root, 'templates', 'vendor', 'menu', 'other.edge')
    writeFileSync(mine, readFileSync(mine, 'utf8').replace('<p>other</p>', '<p>mine</p>'))
    writeTree(pkg, crlfFiles(2))
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'))
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ ...manifest, version: '2.0.0' }, null, 2))

    const updated = await craftAsync(root, ['package:update', 'menu'])
    assert.equal(updated.code, 0, updated.stdout + updated.stderr)
    assert.match(updated.stdout, /merged\s+templates\/vendor\/menu\/other\.edge/)
    assert.match(updated.stdout, /replaced\s+templates\/vendor\/menu\/my view ü\.edge/)
    const merged = readFileSync(mine, 'utf8')
    assert.ok(merged.includes('<p>mine</p>') && merged.includes('<p>the end</p>'), merged)
    assertCrlf(merged, 'the merged view')
    for (const file of ['config/menu.ts', 'templates/vendor/menu/my view ü.edge', 'public/vendor/menu/café menu.css']) {
      assertCrlf(readFileSync(join(root, file), 'utf8'), file)
    }
    assert.match(readFileSync(join(root, 'config', 'menu.ts'), 'utf8'), /Café carte/)

    const app = await createTestApp({ root })
    try {
      ;(await app.get('/men%C3%BC')).assertOk().assertSee('salad').assertSee('Menu')
      ;(await app.get('/vendor/menu/caf%C3%A9%20menu.css')).assertOk().assertSee('blue')
    } finally {
      await app.close()
    }
  })
})
