import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { checkImports, importsOf } from '../support/import_graph.js'

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url))
const MORTAR_MANIFEST = JSON.parse(readFileSync(join(PACKAGE, '..', 'mortar', 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>
}
// The entries mortar's package.json exports as modules, as import specifiers: mortar, mortar/testing, …
const MORTAR_ENTRIES = Object.keys(MORTAR_MANIFEST.exports)
  .filter((entry) => !entry.endsWith('.json'))
  .map((entry) => (entry === '.' ? 'mortar' : `mortar/${entry.slice(2)}`))

describe('the packed package imports only public exports', () => {
  let folder: string
  let unpacked: string
  let manifest: { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-auth-pack-'))
    // npm pack runs the prepack build, so dist/ is in the tarball as it would be published.
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: PACKAGE, encoding: 'utf8' }),
    ) as { filename: string }[]
    unpacked = join(folder, 'package')
    execFileSync('tar', ['-xzf', join(folder, (packed as { filename: string }).filename.replace(/^@mortar\//, 'mortar-')), '-C', folder])
    manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
  })
  after(() => rmSync(folder, { recursive: true, force: true }))

  it('reaches mortar only through mortar and mortar/testing, in dist/ and src/ alike', () => {
    assert.deepEqual(MORTAR_ENTRIES.includes('mortar') && MORTAR_ENTRIES.includes('mortar/testing'), true)
    const edges = checkImports(unpacked, {
      allowedMortar: MORTAR_ENTRIES,
      dependencies: [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})],
    })
    const files = new Set(edges.map((edge) => edge.file.split('/')[0]))
    for (const part of ['dist', 'src', 'controllers', 'routes', 'migrations', 'config'])
      assert.ok(files.has(part), `the tarball has ${part}/ with imports`)
    assert.ok(edges.some((edge) => edge.file.startsWith('dist/') && edge.specifier === 'mortar'))
    assert.ok(edges.some((edge) => edge.file === 'dist/testing.js' && edge.specifier === 'mortar/testing'))
    const bad = edges.filter((edge) => edge.problem)
    assert.deepEqual(bad, [], bad.map((edge) => `${edge.file}: "${edge.specifier}" ${edge.problem}`).join('\n'))
  })

  it('ships every file its provider declares, and its views, translations and stylesheet', () => {
    for (const file of [
      'dist/provider.js',
      'dist/index.js',
      'dist/testing.js',
      'config/auth.ts',
      'templates/login.edge',
      'templates/emails/reset.edge',
      'lang/en/login.json',
      'assets/auth.css',
      'migrations/create_users_table.ts',
      'routes/web.ts',
      'controllers/session_controller.ts',
    ]) {
      assert.ok(readFileSync(join(unpacked, file)).length > 0, file)
    }
  })

  it('catches a deep import into mortar, a path out of the package and an undeclared dependency', () => {
    const fake = join(folder, 'fake')
    mkdirSync(join(fake, 'dist'), { recursive: true })
    writeFileSync(
      join(fake, 'dist', 'x.js'),
      [
        "import { HttpContext } from 'mortar/dist/http/context.js'",
        "export * from '../../outside.js'",
        "const lazy = await import('left-pad')",
        "import 'mortar/testing'",
      ].join('\n'),
    )
    const problems = checkImports(fake, { allowedMortar: MORTAR_ENTRIES, dependencies: [] }).map((edge) => [edge.specifier, edge.problem])
    assert.deepEqual(problems, [
      ['mortar/dist/http/context.js', `is not one of mortar's exports (${MORTAR_ENTRIES.join(', ')})`],
      ['../../outside.js', 'leaves the package'],
      ['left-pad', 'is not a declared dependency'],
      ['mortar/testing', undefined],
    ])
    assert.deepEqual(importsOf("/** import 'x' */\n// import 'y'\nimport type { Kysely } from 'mortar'\nexport { a } from './a.js'"), [
      'mortar',
      './a.js',
    ])
  })
})
