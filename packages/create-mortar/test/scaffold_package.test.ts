// `create-mortar --template package`: what it writes for each choice, and that each choice of
// resources gives a package that passes its own lint, typecheck and tests. The scaffolds here are
// not npm-installed: one node_modules beside them links the workspace's mortar and the type
// packages, and each test app links its package as `npm install` would (the full install is the
// journey test's). With every resource, `make ci` runs in release/journey.test.ts.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertSucceeded, authorEnv, CREATE_MORTAR_BIN, filesUnder, type Run, run, scaffoldPackage, WORKSPACE } from './support/run.js'

const BIN = (name: string) => join(WORKSPACE, 'node_modules', '.bin', name)

describe('create-mortar --template package', () => {
  let folder: string
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-scaffold-'))
    mkdirSync(join(folder, 'node_modules', '@types'), { recursive: true })
    symlinkSync(join(WORKSPACE, 'packages', 'mortar'), join(folder, 'node_modules', 'mortar'), 'dir')
    symlinkSync(join(WORKSPACE, 'node_modules', 'kysely'), join(folder, 'node_modules', 'kysely'), 'dir')
    symlinkSync(join(WORKSPACE, 'node_modules', '@types', 'node'), join(folder, 'node_modules', '@types', 'node'), 'dir')
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it('with --yes writes the package layout, every resource, and the test app linking the package', async () => {
    const root = join(folder, 'mortar-blog')
    assertSucceeded(await scaffoldPackage(root, [], folder), 'create-mortar')
    const files = filesUnder(root)
    for (const path of [
      'package.json',
      'Makefile',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      '.gitignore',
      '.env.example',
      'biome.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src/provider.ts',
      'src/commands/hello.ts',
      'config/blog.ts',
      'routes/web.ts',
      'routes/api.ts',
      'controllers/blog_controller.ts',
      'migrations/create_blog_items_table.ts',
      'templates/index.edge',
      'assets/blog.css',
      'tests/unit/provider.test.ts',
      'tests/feature/blog.test.ts',
      'tests/integrations/config/app.ts',
      'tests/integrations/routes/web.ts',
      'tests/integrations/templates/welcome.edge',
      'tests/integrations/.env.example',
      '.github/workflows/ci.yml',
      '.github/workflows/publish.yml',
      'scripts/npmrc.mjs',
      'scripts/init.mjs',
    ]) {
      assert.ok(files.has(path), `${path} is written`)
    }
    for (const [path, text] of files) {
      assert.doesNotMatch(text, /__[A-Za-z]+__|\{\{[#/]|\{\{else\}\}/, `${path} has no placeholder left`)
      assert.doesNotMatch(text, /npmjs\.|yarnpkg\.|npmmirror\./i, `${path} names no registry host`)
    }

    const manifest = JSON.parse(files.get('package.json') as string)
    assert.equal(manifest.name, 'mortar-blog')
    assert.deepEqual(manifest.keywords, ['mortar', 'mortar-package', 'blog'])
    assert.deepEqual(manifest.mortar, { provider: './dist/provider.js', source: './src/provider.ts' })
    assert.deepEqual(manifest.exports['.'], { types: './dist/provider.d.ts', default: './dist/provider.js' })
    assert.deepEqual(manifest.files, [
      'dist',
      'config',
      'routes',
      'controllers',
      'templates',
      'migrations',
      'assets',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
    ])
    assert.deepEqual(manifest.peerDependencies, { mortar: '>=0.1.0' })
    assert.equal(manifest.devDependencies.mortar, `file:${join(WORKSPACE, 'packages', 'mortar')}`)
    const makefile = files.get('Makefile') as string
    for (const target of ['help', 'init', 'test', 'ci', 'lint', 'format', 'coverage', 'serve', 'publish', 'npmrc']) {
      assert.match(makefile, new RegExp(`^${target}: ## `, 'm'), `make ${target}`)
      assert.ok(manifest.scripts[target === 'publish' ? 'release' : target], `npm run ${target}`)
    }
    assert.match(makefile, /^\tnpx craft package:check$/m)

    const provider = files.get('src/provider.ts') as string
    assert.match(provider, /export default class BlogProvider extends PackageProvider/)
    for (const call of [
      ".name('blog')",
      ".config('config/blog.ts', { publish: true })",
      ".views('templates', { publish: true })",
      ".migrations('migrations/create_blog_items_table.ts')",
      ".controllers('controllers')",
      ".routes('routes/web.ts', 'routes/api.ts')",
      ".assets('assets')",
      '.commands(HelloCommand)',
    ]) {
      assert.ok(provider.includes(call), `the provider calls ${call}`)
    }
    assert.match(files.get('routes/api.ts') as string, /export const group = 'api'/)

    const app = JSON.parse(files.get('tests/integrations/package.json') as string)
    assert.deepEqual(app.dependencies, { mortar: manifest.devDependencies.mortar, 'mortar-blog': 'file:../..', valibot: '^1.1.0' })
    assert.match(files.get('tests/integrations/.env.example') as string, /# BLOG_GREETING="Hello from Blog"/)
    assert.ok(!files.has('tests/integrations/tests/welcome.test.ts'), "the package's tests are the test app's")
  })

  it('takes every answer from flags, and declares only the chosen resources', async () => {
    const root = join(folder, 'shop')
    const flags = [
      '--name',
      '@acme/mortar-shop',
      '--package-name',
      'shop',
      '--description',
      'A shop',
      '--author',
      'Ada Lovelace',
      '--license',
      'ISC',
    ]
    assertSucceeded(await scaffoldPackage(root, [...flags, '--resources', 'config,commands'], folder), 'create-mortar')
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    assert.equal(manifest.name, '@acme/mortar-shop')
    assert.equal(manifest.description, 'A shop')
    assert.equal(manifest.author, 'Ada Lovelace')
    assert.equal(manifest.license, 'ISC')
    assert.deepEqual(manifest.publishConfig, { access: 'public' })
    assert.deepEqual(manifest.files, ['dist', 'config', 'README.md', 'CHANGELOG.md', 'LICENSE'])
    assert.equal(manifest.devDependencies.kysely, undefined)
    assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), /Ada Lovelace/)
    const provider = readFileSync(join(root, 'src', 'provider.ts'), 'utf8')
    assert.match(provider, /\.config\('config\/shop\.ts', \{ publish: true \}\)\n\s+\.commands\(HelloCommand\)\n\s+\}/)
    for (const absent of ['.views(', '.routes(', '.migrations(', '.assets(', '.controllers(']) assert.ok(!provider.includes(absent), absent)
    for (const absent of ['templates', 'routes', 'controllers', 'migrations', 'assets']) assert.ok(!existsSync(join(root, absent)), absent)
  })

  it('refuses a reserved package name or an unknown resource before writing anything', async () => {
    const reserved = await scaffoldPackage(join(folder, 'mortar-app'), ['--package-name', 'app'], folder)
    assert.equal(reserved.code, 1)
    assert.match(reserved.stderr, /Package name "app" is reserved by Mortar: choose another with --package-name/)
    assert.ok(!existsSync(join(folder, 'mortar-app')))

    const unknown = await scaffoldPackage(join(folder, 'mortar-x'), ['--resources', 'config,widgets'], folder)
    assert.equal(unknown.code, 1)
    assert.match(
      unknown.stderr,
      /Unknown resource "widgets" in --resources: choose from config, views, migrations, routes, assets, commands/,
    )
    assert.ok(!existsSync(join(folder, 'mortar-x')))

    // A --mortar path that is not there is a typo, not a version npm would try to install.
    const typo = await run(
      process.execPath,
      [CREATE_MORTAR_BIN, join(folder, 'typo-app'), '--mortar', '../mortr', '--yes', '--no-install'],
      {
        cwd: folder,
      },
    )
    assert.equal(typo.code, 1)
    assert.match(typo.stderr, /--mortar \.\.\/mortr: no folder or \.tgz there/)
    assert.ok(!existsSync(join(folder, 'typo-app')))
  })

  it('gives, for each choice of resources, a package whose lint, typecheck and tests pass', async () => {
    const choices: [string, string][] = [
      ['none', 'none'],
      ['pages', 'routes'],
      ['look', 'views,assets'],
      ['greet', 'config,commands'],
      ['my-shop', 'migrations,routes'],
    ]
    const roots = choices.map(([name]) => join(folder, 'choices', `mortar-${name}`))
    mkdirSync(join(folder, 'choices'))
    const scaffolds = await Promise.all(
      choices.map(([, resources], i) => scaffoldPackage(roots[i] as string, ['--resources', resources], folder)),
    )
    for (const [i, result] of scaffolds.entries()) assertSucceeded(result, `create-mortar ${roots[i]}`)
    for (const [i, root] of roots.entries()) {
      // What `npm install` in tests/integrations would do: link the package into the test app.
      mkdirSync(join(root, 'tests', 'integrations', 'node_modules'))
      symlinkSync(root, join(root, 'tests', 'integrations', 'node_modules', `mortar-${choices[i]?.[0]}`), 'dir')
    }

    // One tsc over every scaffold, with the scaffolds' own compiler options.
    const include = ['src', 'config', 'routes', 'controllers', 'migrations', 'tests/unit', 'tests/feature'].flatMap((dir) =>
      roots.map((root) => join(root, dir)),
    )
    writeFileSync(join(folder, 'choices', 'tsconfig.json'), JSON.stringify({ extends: join(roots[0] as string, 'tsconfig.json'), include }))
    const [typecheck, ...lints] = await Promise.all([
      run(BIN('tsc'), ['-p', join(folder, 'choices', 'tsconfig.json')], { cwd: folder, timeout: 120_000 }),
      ...roots.map((root) => run(BIN('biome'), ['check', '.'], { cwd: root, timeout: 60_000 })),
    ])
    assertSucceeded(typecheck as Run, 'tsc')
    for (const [i, lint] of lints.entries()) assertSucceeded(lint, `biome check in ${roots[i]}`)

    // Their unit and integration tests, in one process (as the workspace's own runner does), so
    // five scaffolds cost one start-up of TypeScript and Mortar.
    const tests = roots.flatMap((root, i) => [
      join(root, 'tests', 'unit', 'provider.test.ts'),
      join(root, 'tests', 'feature', `${choices[i]?.[0]}.test.ts`),
    ])
    const runner = join(folder, 'choices', 'run-tests.mjs')
    writeFileSync(runner, `for (const file of ${JSON.stringify(tests)}) await import(file)\n`)
    const register = join(WORKSPACE, 'packages', 'mortar', 'dist', 'register.js')
    const result = await run(process.execPath, ['--import', register, runner], { cwd: folder, env: authorEnv(), timeout: 180_000 })
    assertSucceeded(result, 'the scaffolds’ tests')
    assert.match(result.stdout, /# pass 19\n# fail 0\n/)
  })
})
