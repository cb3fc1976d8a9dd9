import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CRAFT_BIN, craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { diffSnapshots, snapshot } from '../system/support.js'
import { pack, recipeProvider, treeFiles, treeHash } from './support.js'

const HONEYPOT_CONFIG = `export default {
  // Seconds a form must be open before it may be sent.
  seconds: 2,
}
`
const STUB = `// The {{ Name }} contact form ({{ name }}, {{ snake }}).
export default class {{ Name }}ContactController {
  show() {
    return 'contact'
  }
}
`

function honeypot(version: string, config = HONEYPOT_CONFIG) {
  return {
    npmName: 'mortar-honey-pot',
    version,
    files: {
      'provider.js': recipeProvider(`
      .name('honey-pot')
      .config('config/honey_pot.ts')
      .install({
        env: { HONEYPOT_SECONDS: '2', HONEYPOT_FIELD: 'website', HONEYPOT_SECRET: { generate: 'secret' } },
        stubs: { 'stubs/contact_controller.ts': 'app/controllers/{{ snake }}_contact_controller.ts' },
        notes: 'Add the honeypot fields to your forms.',
      })`),
      'config/honey_pot.ts': config,
      'stubs/contact_controller.ts': STUB,
    },
  }
}

describe('install recipes: env, stubs, publish, dry runs, remove', () => {
  let root: string
  let scratch: string
  let tarballs: Record<string, string>
  const read = (path: string) => readFileSync(join(root, path), 'utf8')
  const ledger = () => JSON.parse(read('.mortar/ledger.json'))

  before(() => {
    root = createTempApp({ name: 'recipes' })
    scratch = mkdtempSync(join(tmpdir(), 'mortar-recipes-'))
    tarballs = {
      v1: pack(scratch, honeypot('1.0.0')),
      v2: pack(scratch, honeypot('2.0.0', HONEYPOT_CONFIG.replace('seconds: 2', 'seconds: 3'))),
      broken: pack(scratch, {
        npmName: 'mortar-broken',
        files: {
          'provider.js': recipeProvider(
            `.name('broken').config('config/broken.ts').install({ env: { BROKEN_KEY: 'x' } })`,
            `  boot() {\n    throw new Error('the broken package cannot start')\n  }`,
          ),
          'config/broken.ts': 'export default { on: true }\n',
        },
      }),
    }
  })
  after(() => {
    removeTempApp(root)
    rmSync(scratch, { recursive: true, force: true })
  })

  it('--dry prints every step and changes no file', () => {
    const before = treeHash(root)
    const stamps = snapshot(root)
    const dry = craft(root, ['package:install', tarballs.v1 as string, '--dry'])
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(dry.stdout, /env\s+HONEYPOT_SECONDS \(added\)/)
    assert.match(dry.stdout, /env\s+HONEYPOT_SECRET \(a new secret\)/)
    assert.match(dry.stdout, /publish\s+config\/honey-pot\.ts/)
    assert.match(dry.stdout, /stub\s+app\/controllers\/honey_pot_contact_controller\.ts \(copied/)
    assert.match(dry.stdout, /nothing was changed/)
    assert.equal(treeHash(root), before)
    assert.deepEqual(diffSnapshots(stamps, snapshot(root)), [], 'not a file or folder is touched, caches included')
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-honey-pot')))
  })

  it('adds env lines, publishes the config and copies the stub; a second run changes nothing', () => {
    writeFileSync(join(root, '.env'), `${read('.env')}HONEYPOT_SECONDS=5\n`)
    const install = craft(root, ['package:install', tarballs.v1 as string, '--yes'])
    assert.equal(install.code, 0, install.stdout + install.stderr)
    assert.match(install.stderr, /kept\s+HONEYPOT_SECONDS in \.env \(already set\)/)
    assert.match(install.stdout, /added\s+HONEYPOT_SECRET to \.env \(a new secret\)/)
    assert.match(install.stdout, /written\s+config\/honey-pot\.ts/)
    assert.match(install.stdout, /copied\s+app\/controllers\/honey_pot_contact_controller\.ts/)
    assert.match(install.stdout, /Add the honeypot fields to your forms\./)

    const env = read('.env')
    assert.match(env, /HONEYPOT_SECONDS=5\n/, 'a value you had set is kept')
    assert.match(env, /# mortar-honey-pot \(added by craft package:install[^\n]*\nHONEYPOT_FIELD=website\nHONEYPOT_SECRET=[\w-]{43}\n/)
    const example = read('.env.example')
    assert.match(example, /# mortar-honey-pot [^\n]*\nHONEYPOT_SECONDS=2\nHONEYPOT_FIELD=website\nHONEYPOT_SECRET=\n/)
    const stub = read('app/controllers/honey_pot_contact_controller.ts')
    assert.match(stub, /The HoneyPot contact form \(honey-pot, honey_pot\)/)
    assert.match(stub, /class HoneyPotContactController/)

    const record = ledger().installs['honey-pot']
    assert.equal(record.npmName, 'mortar-honey-pot')
    assert.deepEqual(Object.keys(record.env).sort(), ['HONEYPOT_FIELD', 'HONEYPOT_SECONDS', 'HONEYPOT_SECRET'])
    assert.equal(record.env.HONEYPOT_SECONDS.env, undefined, 'a key it did not write to .env is not recorded there')
    const secret = /HONEYPOT_SECRET=(\S+)/.exec(env)?.[1] as string
    assert.doesNotMatch(read('.mortar/ledger.json'), new RegExp(secret), 'the ledger holds no value')
    assert.deepEqual(Object.keys(record.stubs), ['app/controllers/honey_pot_contact_controller.ts'])

    const snapshot = treeHash(root)
    const again = craft(root, ['package:install', tarballs.v1 as string, '--yes'])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /unchanged\s+app\/controllers\/honey_pot_contact_controller\.ts/)
    assert.equal(treeHash(root), snapshot, 'installing again changes nothing')
  })

  it('copies a stub once: your edits survive an upgrade and package:update', () => {
    const controller = 'app/controllers/honey_pot_contact_controller.ts'
    writeFileSync(join(root, controller), `${read(controller)}// mine\n`)
    // The user upgrades the npm package; package:update then brings the published files along.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarballs.v2 as string], { cwd: root, stdio: 'pipe' })
    const update = craft(root, ['package:update', 'honey-pot'])
    assert.equal(update.code, 0, update.stdout + update.stderr)
    assert.match(update.stdout, /replaced\s+config\/honey-pot\.ts \(1\.0\.0 → 2\.0\.0\)/)
    assert.match(read('config/honey-pot.ts'), /seconds: 3/)
    assert.match(read(controller), /\/\/ mine\n$/, 'the stub is the app’s: never replaced')
    const again = craft(root, ['package:install', tarballs.v2 as string, '--yes'])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /unchanged\s+app\/controllers\/honey_pot_contact_controller\.ts/)
    assert.match(read(controller), /\/\/ mine\n$/, 'nor by installing again')
  })

  it('remove --dry lists what would go and changes nothing', () => {
    const before = treeHash(root)
    const dry = craft(root, ['package:remove', 'honey-pot', '--dry'])
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(dry.stdout, /stub\s+app\/controllers\/honey_pot_contact_controller\.ts: kept \(changed by you\)/)
    assert.match(dry.stdout, /env\s+\.env HONEYPOT_SECRET: would be deleted/)
    assert.equal(treeHash(root), before)
  })

  it('remove takes away what install added and keeps (and lists) what you changed', () => {
    writeFileSync(join(root, '.env.example'), read('.env.example').replace('HONEYPOT_SECONDS=2', 'HONEYPOT_SECONDS=9'))
    writeFileSync(join(root, '.env'), read('.env').replace('HONEYPOT_FIELD=website', 'HONEYPOT_FIELD=homepage'))
    const removed = craft(root, ['package:remove', 'honey-pot'])
    assert.equal(removed.code, 0, removed.stdout + removed.stderr)
    assert.match(removed.stderr, /kept \(changed by you\)\s+app\/controllers\/honey_pot_contact_controller\.ts/)
    assert.match(removed.stderr, /kept \(changed by you\)\s+\.env\.example HONEYPOT_SECONDS/)
    assert.match(removed.stderr, /kept \(changed by you\)\s+\.env HONEYPOT_FIELD/)
    assert.match(removed.stdout, /deleted\s+\.env HONEYPOT_SECRET/)
    assert.match(removed.stdout, /deleted\s+config\/honey-pot\.ts/)
    const env = read('.env')
    assert.doesNotMatch(env, /HONEYPOT_SECRET/)
    assert.match(env, /# mortar-honey-pot [^\n]*\nHONEYPOT_FIELD=homepage\n/, 'your edited value stays, in its block')
    assert.match(env, /HONEYPOT_SECONDS=5/, 'the value you had set before install stays')
    const example = read('.env.example')
    assert.doesNotMatch(example, /HONEYPOT_SECRET/)
    assert.match(example, /HONEYPOT_SECONDS=9/)
    assert.ok(existsSync(join(root, 'app/controllers/honey_pot_contact_controller.ts')))
    assert.ok(!existsSync(join(root, 'config/honey-pot.ts')))
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-honey-pot')))
    assert.ok(!existsSync(join(root, '.mortar/ledger.json')), 'the ledger the install made, recording nothing now, is gone')
    assert.doesNotMatch(read('package.json'), /mortar-honey-pot/)
  })

  it('an install whose boot check fails puts everything back: nothing was changed', () => {
    const before = treeHash(root)
    const files = treeFiles(root)
    const lock = read('package-lock.json')
    const install = craft(root, ['package:install', tarballs.broken as string, '--yes'])
    assert.notEqual(install.code, 0)
    assert.match(install.stderr, /the broken package cannot start/)
    assert.match(install.stderr, /nothing was changed/)
    assert.deepEqual(treeFiles(root), files)
    assert.equal(treeHash(root), before)
    assert.equal(read('package-lock.json'), lock)
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-broken')))
    const start = craft(root, ['routes:list'])
    assert.equal(start.code, 0, start.stderr)
    assert.equal(start.stdout.includes('Rolled back'), false, 'nothing was left to recover')
  })

  it('in a terminal, shows the steps and asks once; answering no changes nothing', () => {
    const before = treeHash(root)
    // `script` gives the command a terminal; the answer arrives through it.
    const command = [process.execPath, CRAFT_BIN, 'package:install', tarballs.v1 as string].map((part) => `'${part}'`).join(' ')
    const run = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: root,
      input: 'n\n',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    })
    assert.notEqual(run.status, 0)
    assert.match(run.stdout, /stub\s+app\/controllers\/honey_pot_contact_controller\.ts/)
    assert.equal(run.stdout.split('Apply these steps?').length - 1, 1, run.stdout)
    assert.match(run.stdout, /Install cancelled: nothing was changed/)
    assert.equal(treeHash(root), before)
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-honey-pot')))
  })
})

describe('requires: packages installed first, and removed only when nothing needs them', () => {
  let root: string
  let scratch: string
  const read = (path: string) => readFileSync(join(root, path), 'utf8')
  const installs = () => JSON.parse(read('.mortar/ledger.json')).installs ?? {}

  before(() => {
    root = createTempApp({ name: 'requires' })
    scratch = mkdtempSync(join(tmpdir(), 'mortar-requires-'))
  })
  after(() => {
    removeTempApp(root)
    rmSync(scratch, { recursive: true, force: true })
  })

  it('installs the required package first, keeps it while another needs it, and removes it with the last', () => {
    const base = pack(scratch, {
      npmName: 'mortar-base',
      files: { 'provider.js': recipeProvider(`.name('base').install({ env: { BASE_URL: 'http://127.0.0.1:8000' } })`) },
    })
    const feature = (name: string) =>
      pack(scratch, {
        npmName: `mortar-${name}`,
        files: { 'provider.js': recipeProvider(`.name('${name}').install({ requires: [${JSON.stringify(base)}] })`) },
      })
    const first = craft(root, ['package:install', feature('feature-a'), '--yes'])
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.ok(first.stdout.indexOf('Steps for base') < first.stdout.indexOf('Steps for feature-a'), 'the required package comes first')
    assert.match(first.stdout, /Steps for base \(mortar-base 1\.0\.0\), required/)
    assert.match(read('.env'), /BASE_URL=http:\/\/127\.0\.0\.1:8000/)
    assert.deepEqual(installs()['feature-a'].requires, ['mortar-base'])
    assert.equal(installs().base.explicit, false)

    const second = craft(root, ['package:install', feature('feature-b'), '--yes'])
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.match(second.stdout, /mortar-base is already installed/)

    const refused = craft(root, ['package:remove', 'base'])
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /required by "feature-a", "feature-b"/)

    const removeA = craft(root, ['package:remove', 'feature-a'])
    assert.equal(removeA.code, 0, removeA.stdout + removeA.stderr)
    assert.match(removeA.stdout, /Leaving mortar-base installed: still required by feature-b/)
    assert.ok(existsSync(join(root, 'node_modules', 'mortar-base')))
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-feature-a')))

    const removeB = craft(root, ['package:remove', 'feature-b'])
    assert.equal(removeB.code, 0, removeB.stdout + removeB.stderr)
    assert.match(removeB.stdout, /Removed feature-b, base\./)
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-base')))
    assert.doesNotMatch(read('.env'), /^BASE_URL|mortar-base/m)
    assert.doesNotMatch(read('package.json'), /mortar-base|mortar-feature/)
    assert.ok(!existsSync(join(root, '.mortar/ledger.json')), 'the ledger, recording nothing now, is gone')
  })
})

describe('install transactions: update and remove put everything back when the app no longer boots', () => {
  let root: string
  let scratch: string
  const read = (path: string) => readFileSync(join(root, path), 'utf8')

  before(() => {
    root = createTempApp({ name: 'transactions' })
    scratch = mkdtempSync(join(tmpdir(), 'mortar-transactions-'))
  })
  after(() => {
    removeTempApp(root)
    rmSync(scratch, { recursive: true, force: true })
  })

  it('package:update of files that the new version cannot boot with is rolled back', () => {
    // The provider refuses a strict config; version 2 publishes one. Its boot reads the app's
    // config, so with 2.0.0 installed the app still boots until the config is updated.
    const strict = (version: string, mode: string) => ({
      npmName: 'mortar-strict',
      version,
      files: {
        'provider.js': recipeProvider(
          `.name('strict').config('config/strict.ts')`,
          `  boot() {\n    if (config('strict.mode') === 'strict') throw new Error('strict mode needs STRICT_KEY (see UPGRADING.md)')\n  }`,
        ),
        'config/strict.ts': `export default {\n  // How strict.\n  mode: '${mode}',\n}\n`,
      },
    })
    const v1 = pack(scratch, strict('1.0.0', 'loose'))
    const v2 = pack(scratch, strict('2.0.0', 'strict'))
    const install = craft(root, ['package:install', v1, '--yes'])
    assert.equal(install.code, 0, install.stdout + install.stderr)
    // The user upgrades the npm package; package:update then brings the published files along.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', v2], { cwd: root, stdio: 'pipe' })
    const before = treeHash(root)
    const update = craft(root, ['package:update', 'strict'])
    assert.notEqual(update.code, 0)
    assert.match(update.stderr, /strict mode needs STRICT_KEY/)
    assert.match(update.stderr, /nothing was changed/)
    assert.equal(treeHash(root), before)
    assert.match(read('config/strict.ts'), /mode: 'loose'/)
    assert.equal(JSON.parse(read('.mortar/ledger.json')).files['config/strict.ts'].version, '1.0.0')
  })

  it('migrations an install ran are rolled back when its boot check fails', () => {
    const tarball = pack(scratch, {
      npmName: 'mortar-ledgerbook',
      files: {
        'provider.js': recipeProvider(
          `.name('ledgerbook').migrations('migrations/create_entries_table.js').install({ migrate: 'run' })`,
          `  boot() {\n    throw new Error('ledgerbook needs LEDGERBOOK_URL')\n  }`,
        ),
        'migrations/create_entries_table.js': `export async function up(db) {
  await db.schema.createTable('ledgerbook_entries').addColumn('id', 'integer', (c) => c.primaryKey()).execute()
}
export async function down(db) {
  await db.schema.dropTable('ledgerbook_entries').execute()
}
`,
      },
    })
    const install = craft(root, ['package:install', tarball, '--yes'])
    assert.notEqual(install.code, 0)
    assert.match(install.stdout, /migrated\s+ledgerbook: create_entries_table/)
    assert.match(install.stderr, /ledgerbook needs LEDGERBOOK_URL; nothing was changed/)
    const status = craft(root, ['migrate:status'])
    assert.equal(status.code, 0, status.stderr)
    assert.doesNotMatch(status.stdout, /ledgerbook/)
    // The table is gone: a migration of the app creating it again runs.
    writeFileSync(
      join(root, 'databases', 'migrations', '2026_01_01_000000_create_ledgerbook_entries.ts'),
      "import type { Kysely } from 'kysely'\nexport async function up(db: Kysely<any>) {\n  await db.schema.createTable('ledgerbook_entries').addColumn('id', 'integer').execute()\n}\nexport async function down(db: Kysely<any>) {\n  await db.schema.dropTable('ledgerbook_entries').execute()\n}\n",
    )
    const migrate = craft(root, ['migrate'])
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr)
    assert.equal(craft(root, ['migrate:rollback']).code, 0)
    rmSync(join(root, 'databases', 'migrations', '2026_01_01_000000_create_ledgerbook_entries.ts'))
  })

  it('package:remove of a package the app still imports is rolled back, package included', () => {
    const used = pack(scratch, {
      npmName: 'mortar-used',
      files: {
        'provider.js': recipeProvider(`.name('used').install({ env: { USED_KEY: 'on' } })`),
        'helpers.js': "export const greeting = 'hello'\n",
      },
    })
    assert.equal(craft(root, ['package:install', used, '--yes']).code, 0)
    // The app's own routes come to use the package's code.
    writeFileSync(
      join(root, 'routes', 'web.ts'),
      `import { greeting } from 'mortar-used/helpers.js'\n${read('routes/web.ts').replace('export default [', "export default [\n  Route.get('/greeting', () => greeting),")}`,
    )
    const before = treeHash(root)
    const lock = read('package-lock.json')
    const remove = craft(root, ['package:remove', 'used'])
    assert.notEqual(remove.code, 0)
    assert.match(remove.stderr, /does not boot without mortar-used/)
    assert.match(remove.stderr, /nothing was changed/)
    assert.equal(treeHash(root), before)
    assert.equal(read('package-lock.json'), lock)
    assert.ok(existsSync(join(root, 'node_modules', 'mortar-used', 'helpers.js')), 'the package is installed again')
    const routes = craft(root, ['routes:list'])
    assert.equal(routes.code, 0, routes.stderr)
    assert.match(routes.stdout, /\/greeting/)
  })
})
