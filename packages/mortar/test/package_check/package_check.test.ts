// `craft package:check`, run as the real command in a copy of a small package (tests/fixtures/shop:
// a provider in plain JS declaring config, views and a nested assets folder). The registry is a
// closed port on 127.0.0.1, so the "is this version taken" question fails fast and only warns.
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { writeFiles } from '../core/support.js'
import { type CraftRun, craft, freePort, MORTAR } from '../support/temp_app.js'

const FIXTURE = fileURLToPath(new URL('./fixtures/shop/', import.meta.url))

describe('craft package:check', () => {
  const made: string[] = []
  let registry: string

  before(async () => {
    registry = `http://127.0.0.1:${await freePort()}/`
  })
  after(() => {
    for (const folder of made) rmSync(folder, { recursive: true, force: true })
  })

  /** A copy of the fixture package, with the workspace's mortar installed (linked), changed by `edit`. */
  function shop(edit: (root: string, manifest: Record<string, unknown>) => void = () => {}): string {
    const folder = mkdtempSync(join(tmpdir(), 'mortar-check-'))
    made.push(folder)
    const root = join(folder, 'shop')
    cpSync(FIXTURE, root, { recursive: true })
    mkdirSync(join(root, 'node_modules'))
    symlinkSync(MORTAR, join(root, 'node_modules', 'mortar'), 'dir')
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    edit(root, manifest)
    writeFileSync(join(root, 'package.json'), JSON.stringify(manifest, null, 2))
    return root
  }

  function check(root: string): CraftRun {
    // Only this run's registry: no npm_config_* inherited from an npm that started the tests.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))) as Record<string, string>
    return craft(root, ['package:check'], {
      env: { ...env, npm_config_registry: registry, npm_config_update_notifier: 'false' },
      timeout: 90_000,
    })
  }

  it('passes a package whose tarball holds everything it declares, and only warns when the registry cannot be asked', () => {
    const run = check(shop())
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /✓ ShopProvider loads from lib\/provider\.js: package "shop" \(config, views, assets\)/)
    assert.match(run.stdout, /✓ the 3 files the provider declares are in the tarball/)
    assert.match(run.stdout, /mortar-shop-fixture@1\.0\.0 is ready to publish to http:\/\/127\.0\.0\.1:\d+\//)
    assert.match(run.stderr, /! could not ask http:\/\/127\.0\.0\.1:\d+\/ whether mortar-shop-fixture@1\.0\.0 is taken/)
  })

  it('fails, saying what to add to "files", when the tarball leaves out the views, a nested asset or the provider', () => {
    const run = check(
      shop((_root, manifest) => {
        manifest.files = ['config', 'README.md']
      }),
    )
    assert.equal(run.code, 1)
    const lines = run.stderr.split('\n')
    const expected = [
      '✗ templates/index.edge is declared by the provider but not in the package tarball: add "templates" to "files" in package.json',
      '✗ assets/css/shop.css is declared by the provider but not in the package tarball: add "assets" to "files" in package.json',
      '✗ lib/provider.js (the "mortar.provider" of package.json) is not in the package tarball: add "lib" to "files" in package.json',
    ]
    for (const line of expected) assert.ok(lines.includes(line), `expected the line\n${line}\nin\n${run.stderr}`)
    assert.match(run.stderr, /error package:check found 3 problems in mortar-shop-fixture@1\.0\.0 — fix each ✗ line above/)
  })

  /**
   * The shop with controllers, a route file and a command: the controller imports
   * support/posts.ts, which imports support/validation.ts; the command (imported by the provider)
   * imports helpers/words.js. `files` names controllers and routes, not support or helpers.
   */
  function shopWithImports(extraFiles: string[] = []): string {
    return shop((root, manifest) => {
      const provider = join(root, 'lib', 'provider.js')
      writeFileSync(
        provider,
        `import { Greet } from './commands/greet.js'\n${readFileSync(provider, 'utf8').replace(
          ".assets('assets')",
          ".assets('assets').controllers('controllers').routes('routes/web.js').commands(Greet)",
        )}`,
      )
      writeFiles(root, {
        'lib/commands/greet.js': `import { Command } from 'mortar'
import { hello } from '../../helpers/words.js'
export class Greet extends Command {
  static signature = 'shop:greet'
  async handle() { this.line(hello) }
}
`,
        'helpers/words.js': "export const hello = 'hello'\n",
        'routes/web.js': "import { Route } from 'mortar'\nexport default [Route.get('/shop/posts', 'PostsController@index')]\n",
        'controllers/posts_controller.ts': `import type { Post } from '../support/types.js'
import { listPosts } from '../support/posts.js'
export class PostsController {
  index(): Post[] { return listPosts() }
}
`,
        'support/types.ts': 'export interface Post { title: string }\n',
        'support/posts.ts': "import { valid } from './validation.js'\nexport const listPosts = () => [{ title: 'Hi' }].filter(valid)\n",
        'support/validation.ts': 'export const valid = (post: { title: string }): boolean => post.title.length > 0\n',
      })
      manifest.files = [...(manifest.files as string[]), 'controllers', 'routes', ...extraFiles]
    })
  }

  it('fails, one line per file, when a declared module imports a local file the tarball leaves out', () => {
    const run = check(shopWithImports())
    assert.equal(run.code, 1, run.stdout)
    const lines = run.stderr.split('\n')
    const expected = [
      '✗ helpers/words.js is imported by lib/commands/greet.js but not in the package tarball: add "helpers" to "files" in package.json',
      '✗ support/posts.ts is imported by controllers/posts_controller.ts but not in the package tarball: add "support" to "files" in package.json',
      '✗ support/validation.ts is imported by support/posts.ts but not in the package tarball: add "support" to "files" in package.json',
    ]
    for (const line of expected) assert.ok(lines.includes(line), `expected the line\n${line}\nin\n${run.stderr}`)
    // A type-only import is gone at run time: the app never loads support/types.ts.
    assert.doesNotMatch(run.stderr, /support\/types\.ts/)
    assert.match(run.stderr, /error package:check found 3 problems in mortar-shop-fixture@1\.0\.0/)
  })

  it('passes once "files" holds every file the declared modules import', () => {
    const run = check(shopWithImports(['support', 'helpers']))
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /✓ the 4 local files the declared modules import are in the tarball/)
  })

  it('fails when a declared module imports a local file that does not exist', () => {
    const root = shopWithImports(['support', 'helpers'])
    rmSync(join(root, 'support', 'validation.ts'))
    const run = check(root)
    assert.equal(run.code, 1)
    assert.ok(
      run.stderr.split('\n').includes('✗ support/posts.ts imports "./validation.js", which does not exist: create it, or fix the import'),
      run.stderr,
    )
  })

  it('fails when the provider declares a file that is missing, naming the package and the file', () => {
    const run = check(shop((root) => rmSync(join(root, 'config', 'shop.ts'))))
    assert.equal(run.code, 1)
    assert.match(run.stderr, /✗ the provider in lib\/provider\.js fails: Package "shop": file "config\/shop\.ts" does not exist/)
  })

  it('fails on a reserved package name and on an invalid npm name', () => {
    const run = check(
      shop((root, manifest) => {
        const provider = join(root, 'lib', 'provider.js')
        writeFileSync(provider, readFileSync(provider, 'utf8').replace(".name('shop')", ".name('vendor')"))
        manifest.name = 'Mortar Shop'
      }),
    )
    assert.equal(run.code, 1)
    assert.match(run.stderr, /✗ "name" in package\.json \("Mortar Shop"\) is not a valid npm name/)
    assert.match(run.stderr, /✗ the provider in lib\/provider\.js fails: .*package name "vendor" is reserved/)
  })

  it('fails on a package with no "mortar" field, and warns about missing keywords and peer dependency', () => {
    const run = check(
      shop((_root, manifest) => {
        delete manifest.mortar
        delete manifest.keywords
        delete manifest.peerDependencies
      }),
    )
    assert.equal(run.code, 1)
    assert.match(run.stderr, /✗ package\.json has no "mortar": \{ "provider": … \} field, so no app discovers the package: add "mortar"/)
    assert.match(run.stderr, /! add "mortar-package" to "keywords"/)
    assert.match(run.stderr, /! add "mortar" to "peerDependencies"/)
  })
})
