// A small Mortar package ("shop") released as tarballs at several versions, for install/upgrade tests.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ShopVersion {
  version: string
  /** config/shop.ts contents. */
  config: string
  /** templates/index.edge contents. */
  view: string
}

export const CONFIG_V1 = `export default {
  // The shop's name.
  name: 'Shop',
  // Items per page.
  per_page: 10,
  // Currency code.
  currency: 'EUR',
  // Payment methods offered.
  methods: ['card'],
}
`

export const VIEW_V1 = `<section class="shop">
  <h1>{{ config('shop.name') }}</h1>
  <p class="intro">Welcome to the shop.</p>
  <p class="count">{{ config('shop.per_page') }} items per page</p>
  <footer>Prices in {{ config('shop.currency') }}</footer>
</section>
`

/** Writes the package at one version and packs it; resolves to the tarball path. */
export function packShop(version: ShopVersion, into = mkdtempSync(join(tmpdir(), 'mortar-shop-'))): string {
  const root = join(into, `shop-${version.version}`)
  for (const folder of ['config', 'templates', 'migrations', 'routes']) mkdirSync(join(root, folder), { recursive: true })
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify(
      {
        name: 'mortar-shop',
        version: version.version,
        type: 'module',
        files: ['provider.js', 'config', 'templates', 'migrations', 'routes'],
        mortar: { provider: './provider.js' },
        peerDependencies: { mortar: '*' },
      },
      null,
      2,
    ),
  )
  writeFileSync(
    join(root, 'provider.js'),
    `import { PackageProvider } from 'mortar'
export default class ShopProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.')
      .name('shop')
      .config('config/shop.ts')
      .views('templates')
      .migrations('migrations/create_items_table.ts')
      .routes('routes/web.ts')
      .install({ notes: 'Shop installed: visit /shop' })
  }
}
`,
  )
  writeFileSync(join(root, 'config', 'shop.ts'), version.config)
  writeFileSync(join(root, 'templates', 'index.edge'), version.view)
  writeFileSync(
    join(root, 'migrations', 'create_items_table.ts'),
    `import type { Kysely } from 'kysely'
export async function up(db: Kysely<any>) {
  await db.schema.createTable('shop_items').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text').execute()
}
export async function down(db: Kysely<any>) {
  await db.schema.dropTable('shop_items').execute()
}
`,
  )
  writeFileSync(
    join(root, 'routes', 'web.ts'),
    `import { Route, view } from 'mortar'
export default [Route.get('/shop', () => view('shop:index')).name('shop.index')]
`,
  )
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: root, encoding: 'utf8' })
  const [{ filename }] = JSON.parse(output) as [{ filename: string }]
  return join(into, filename)
}
