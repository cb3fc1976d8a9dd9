import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { Application } from '../../../src/app/application.js'
import type { InstallOptions } from '../../../src/index.js'
import { PackageProvider } from '../../../src/index.js'
import { fillPlaceholders, stubPlaceholders } from '../../../src/installing/install_recipe.js'

describe('.install() options are checked when configure() runs', () => {
  const root = mkdtempSync(join(tmpdir(), 'mortar-recipe-options-'))
  mkdirSync(join(root, 'stubs'))
  writeFileSync(join(root, 'stubs', 'controller.ts'), 'export default class {{ Name }}Controller {}\n')
  after(() => rmSync(root, { recursive: true, force: true }))

  const definitionOf = (options: InstallOptions) => {
    class Fixture extends PackageProvider {
      override configure() {
        this.root(root).name('blog-posts').install(options)
      }
    }
    const provider = new Fixture({} as Application)
    provider.configure()
    return provider.definition()
  }

  test('a valid recipe is kept, stub sources resolved inside the package', () => {
    const definition = definitionOf({
      env: { BLOG_KEY: { generate: 'secret' }, BLOG_PER_PAGE: '20' },
      stubs: { 'stubs/controller.ts': 'app/controllers/{{ snake }}_controller.ts' },
      migrate: 'run',
      requires: ['mortar-forms'],
    })
    assert.deepEqual(definition.installRecipe?.env, { BLOG_KEY: { generate: 'secret' }, BLOG_PER_PAGE: '20' })
    assert.equal(definition.installRecipe?.stubs[0]?.source, join(root, 'stubs', 'controller.ts'))
    assert.equal(definition.installRecipe?.migrate, 'run')
    assert.deepEqual(definition.installRecipe?.requires, ['mortar-forms'])
    assert.deepEqual(definition.installPublishes, ['config'], 'the config is published by default')
  })

  test('a bad option is E_PACKAGE_PROVIDER_INVALID (or a path error) naming the package', () => {
    const cases: [InstallOptions, string, RegExp][] = [
      [{ env: { 'bad-key': 'x' } }, 'E_PACKAGE_PROVIDER_INVALID', /env key "bad-key"/],
      [
        { env: { KEY: { generate: 'password' } as never } },
        'E_PACKAGE_PROVIDER_INVALID',
        /env "KEY" must be a string or \{ generate: 'secret' \}/,
      ],
      [{ env: { KEY: 'two\nlines' } }, 'E_PACKAGE_PROVIDER_INVALID', /env "KEY" must be one line/],
      [{ stubs: { 'stubs/controller.ts': '../outside.ts' } }, 'E_PACKAGE_PROVIDER_INVALID', /stub destination "..\/outside.ts"/],
      [{ stubs: { 'stubs/controller.ts': '.mortar/ledger.json' } }, 'E_PACKAGE_PROVIDER_INVALID', /stub destination/],
      [{ stubs: { 'stubs/missing.ts': 'app/x.ts' } }, 'E_PACKAGE_RESOURCE_MISSING', /stubs\/missing\.ts/],
      [{ stubs: { '../escape.ts': 'app/x.ts' } }, 'E_PACKAGE_PATH_ESCAPE', /leaves the package root/],
      [{ migrate: 'always' as never }, 'E_PACKAGE_PROVIDER_INVALID', /migrate must be 'ask', 'run' or 'skip'/],
      [{ requires: [''] }, 'E_PACKAGE_PROVIDER_INVALID', /requires must be a list of npm specs/],
    ]
    for (const [options, code, message] of cases) {
      assert.throws(
        () => definitionOf(options),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, code, error.message)
          assert.match(error.message, /Package "blog-posts"/)
          assert.match(error.message, message)
          return true
        },
      )
    }
  })

  test('stub placeholders come from the package name', () => {
    assert.deepEqual(stubPlaceholders('blog-posts'), {
      name: 'blog-posts',
      Name: 'BlogPosts',
      camel: 'blogPosts',
      snake: 'blog_posts',
      kebab: 'blog-posts',
    })
    assert.equal(
      fillPlaceholders('{{ Name }} {{snake}} {{ unknown }} {{ name }}', stubPlaceholders('shop')),
      'Shop shop {{ unknown }} shop',
      'an unknown placeholder (an Edge expression, say) is left as it is',
    )
  })
})
