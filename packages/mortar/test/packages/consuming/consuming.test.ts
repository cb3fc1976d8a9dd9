import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { CONFIG_V1, packShop, VIEW_V1 } from './fixture_package.js'

// v2 changes lines the user does not touch (per_page, the intro); v3 changes the line the user
// edits (the shop's name), so that one merges and this one conflicts.
const V1 = { version: '1.0.0', config: CONFIG_V1, view: VIEW_V1 }
const V2 = {
  version: '2.0.0',
  config: CONFIG_V1.replace('per_page: 10', 'per_page: 20'),
  view: VIEW_V1.replace('Welcome to the shop.', 'Welcome to the new shop.'),
}
const V3 = {
  version: '3.0.0',
  config: V2.config.replace("name: 'Shop'", "name: 'Shop 3'"),
  view: V2.view,
}

const PROVIDERS_WITH_COMMENTS = `import type { ProvidersConfig } from 'mortar'

export default {
  // Our own provider comes first. Keep this comment!
  providers: [
    () => import('../app/providers/app_provider.js'), // the app
  ],

  /* Discovery is off: packages are listed above by package:install. */
  dontDiscover: ['*'],

  packages: {},
} satisfies ProvidersConfig
`

describe('consuming a package: install, status, update, remove', () => {
  let root: string
  let tarballs: Record<string, string>
  const read = (path: string) => readFileSync(join(root, path), 'utf8')
  const ledger = () => JSON.parse(read('.mortar/ledger.json')) as { files: Record<string, { version: string; written: string }> }

  before(() => {
    root = createTempApp({ name: 'consumer' })
    writeFileSync(join(root, 'config', 'providers.ts'), PROVIDERS_WITH_COMMENTS)
    tarballs = { v1: packShop(V1), v2: packShop(V2), v3: packShop(V3) }
  })
  after(() => removeTempApp(root))

  it('installs once, however many times it runs, and keeps the providers file comments', () => {
    const first = craft(root, ['package:install', tarballs.v1 as string, '--migrate'])
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /Registered mortar-shop in config\/providers\.ts/)
    assert.match(first.stdout, /written\s+config\/shop\.ts/)
    assert.match(first.stdout, /Shop installed: visit \/shop/)
    assert.match(first.stdout, /migrated\s+shop: create_items_table/)
    const providers = read('config/providers.ts')
    assert.match(providers, /\/\/ Our own provider comes first\. Keep this comment!/)
    assert.match(providers, /\/\/ the app\n {4}'mortar-shop',\n {2}\],/)
    assert.match(providers, /\/\* Discovery is off/)
    const snapshot = ['config/providers.ts', 'package.json', '.mortar/ledger.json', 'config/shop.ts'].map(read)

    const second = craft(root, ['package:install', tarballs.v1 as string, '--migrate'])
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stdout, /already registered/)
    assert.match(second.stdout, /unchanged\s+config\/shop\.ts/)
    assert.doesNotMatch(second.stdout, /migrated/)
    assert.deepEqual(['config/providers.ts', 'package.json', '.mortar/ledger.json', 'config/shop.ts'].map(read), snapshot)

    const page = craft(root, ['routes:list'])
    assert.match(page.stdout, /\/shop\s+shop\.index/)
  })

  it('merges your edits with an upgrade that changed other lines', () => {
    assert.equal(craft(root, ['package:publish', 'shop', '--resources', 'views']).code, 0)
    writeFileSync(join(root, 'config/shop.ts'), read('config/shop.ts').replace("name: 'Shop'", "name: 'My Shop'"))
    writeFileSync(
      join(root, 'templates/vendor/shop/index.edge'),
      read('templates/vendor/shop/index.edge').replace('<footer>', '<p class="mine">Free delivery</p>\n  <footer>'),
    )
    const beforeUpgrade = craft(root, ['package:status', 'shop'])
    assert.equal(beforeUpgrade.code, 0, 'changes of your own need no attention')
    assert.match(beforeUpgrade.stdout, /changed by you\s+shop\s+config\/shop\.ts/)

    assert.equal(craft(root, ['package:install', tarballs.v2 as string, '--no-migrate']).code, 0)
    const status = craft(root, ['package:status', 'shop'])
    assert.equal(status.code, 1, 'files changed on both sides need attention')
    assert.match(status.stdout, /changed on both sides\s+shop\s+config\/shop\.ts\s+1\.0\.0 → 2\.0\.0/)
    assert.match(status.stdout, /changed on both sides\s+shop\s+templates\/vendor\/shop\/index\.edge/)

    const dry = craft(root, ['package:update', 'shop', '--dry'])
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(dry.stdout, /--- a\/config\/shop\.ts/)
    assert.match(dry.stdout, /-\s+per_page: 10,\n\+\s+per_page: 20,/)
    assert.match(read('config/shop.ts'), /per_page: 10/, '--dry writes nothing')

    const update = craft(root, ['package:update', 'shop'])
    assert.equal(update.code, 0, update.stdout + update.stderr)
    assert.match(update.stdout, /merged\s+config\/shop\.ts \(1\.0\.0 → 2\.0\.0\)/)
    const config = read('config/shop.ts')
    assert.match(config, /name: 'My Shop'/, 'your edit is kept')
    assert.match(config, /per_page: 20/, "the package's change is taken")
    const view = read('templates/vendor/shop/index.edge')
    assert.match(view, /Free delivery/)
    assert.match(view, /Welcome to the new shop\./)
    assert.equal(ledger().files['config/shop.ts']?.version, '2.0.0')

    const after = craft(root, ['package:status', 'shop'])
    assert.equal(after.code, 0, after.stdout)
    assert.match(after.stdout, /changed by you\s+shop\s+config\/shop\.ts\s+2\.0\.0/)
  })

  it('leaves conflict markers, exits non-zero and keeps the ledger when the same lines changed', () => {
    const recorded = ledger().files['config/shop.ts']
    assert.equal(craft(root, ['package:install', tarballs.v3 as string, '--no-migrate']).code, 0)
    const update = craft(root, ['package:update', 'shop'])
    assert.notEqual(update.code, 0)
    assert.match(update.stdout, /conflict\s+config\/shop\.ts/)
    assert.match(update.stderr, /conflicts: config\/shop\.ts/)
    const config = read('config/shop.ts')
    assert.match(config, /<<<<<<< /)
    assert.match(config, /name: 'My Shop'/)
    assert.match(config, /=======\n\s+name: 'Shop 3'/)
    assert.match(config, />>>>>>> /)
    const { pending, ...kept } = ledger().files['config/shop.ts'] as Record<string, unknown>
    assert.deepEqual(kept, recorded, 'the ledger does not move for a conflicted file')
    assert.equal((pending as { version: string }).version, '3.0.0', 'the version being merged is noted as pending')
    assert.equal(craft(root, ['package:status', 'shop']).code, 1)

    // Resolving by hand and updating again records the resolution.
    writeFileSync(join(root, 'config/shop.ts'), config.replace(/<<<<<<< [^\n]*\n([\s\S]*?)\|\|\|\|\|\|\| [\s\S]*?>>>>>>> [^\n]*\n/, '$1'))
    const resolved = craft(root, ['package:update', 'shop'])
    assert.equal(resolved.code, 0, resolved.stdout + resolved.stderr)
    assert.equal(ledger().files['config/shop.ts']?.version, '3.0.0')
  })

  it('removes the package, keeping only the files you edited, and the app starts cleanly', () => {
    const refused = craft(root, ['package:remove', 'shop'])
    assert.notEqual(refused.code, 0, 'migrations are not rolled back without asking')
    assert.match(refused.stderr, /--force/)
    assert.ok(existsSync(join(root, 'node_modules', 'mortar-shop')))

    const removed = craft(root, ['package:remove', 'shop', '--force'])
    assert.equal(removed.code, 0, removed.stderr)
    assert.match(removed.stdout, /rolled back create_items_table/)
    assert.match(removed.stderr, /kept \(changed by you\)\s+config\/shop\.ts/)
    assert.ok(existsSync(join(root, 'config/shop.ts')), 'your edited config stays')
    assert.ok(existsSync(join(root, 'templates/vendor/shop/index.edge')), 'your edited view stays')
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-shop')))
    assert.doesNotMatch(read('package.json'), /mortar-shop/)
    assert.equal(read('config/providers.ts'), PROVIDERS_WITH_COMMENTS, 'the providers file is back as it was, comments included')
    assert.ok(!existsSync(join(root, '.mortar/ledger.json')), 'the ledger the install made, recording nothing now, is gone')

    const start = craft(root, ['routes:list'])
    assert.equal(start.code, 0, start.stderr)
    assert.doesNotMatch(start.stdout, /shop/)
    const status = craft(root, ['migrate:status'])
    assert.equal(status.code, 0, status.stderr)
  })
})
