// craft types writes .mortar/types.d.ts; with it, tsc on the app fails on a misspelled view name,
// config key, route name and translation key, passes when they are fixed, and config() has the
// package's type. package:remove writes the file again without the package's names.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp, WORKSPACE } from '../../support/temp_app.js'
import { installFixture, writeTree } from '../system/support.js'

const T = { timeout: 60_000 }
const TSC = join(WORKSPACE, 'node_modules', 'typescript', 'bin', 'tsc')

const NOTES = {
  npmName: 'mortar-notes',
  files: {
    'provider.js': `import { PackageProvider } from 'mortar'
export default class NotesProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.').name('notes').config('config/notes.js').views('templates').translations('lang').routes('routes/web.js')
  }
}
`,
    'config/notes.js': "export default { per_page: 5, feed: { title: 'Notes' }, tags: ['a', 'b'] }\n",
    'templates/posts/show.edge': '<p>note</p>\n',
    'lang/en/posts.json': JSON.stringify({ title: 'Notes', form: { save: 'Save' } }),
    'routes/web.js': "import { Route } from 'mortar'\nexport default [Route.get('/notes', () => 'notes').name('notes.index')]\n",
  },
}

/** The app file tsc checks: each kind of name used once, typed values assigned. */
function usage(names: { view: string; config: string; route: string; message: string }): string {
  return `import { config, route, t, view } from 'mortar'

export async function page(): Promise<string> {
  const perPage: number = config('${names.config}')
  const tags: string[] = config('notes.tags')
  const title: string = t('${names.message}')
  const fallback: number = config<number>('notes.per_page')
  return \`\${perPage} \${tags.join()} \${title} \${fallback} \${route('${names.route}')} \${await view('${names.view}')}\`
}
`
}

/** Runs tsc on the app's file and the generated types alone (the app's own tsconfig settings). */
function tsc(root: string): { code: number; output: string } {
  writeTree(root, {
    'tsconfig.check.json': JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { types: [], typeRoots: [join(WORKSPACE, 'node_modules', '@types')] },
      include: ['app/typed.ts', '.mortar/types.d.ts'],
    }),
  })
  const run = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.check.json'], { cwd: root, encoding: 'utf8' })
  return { code: run.status ?? 1, output: run.stdout + run.stderr }
}

describe('craft types', { timeout: 300_000 }, () => {
  let root: string

  before(() => {
    root = createTempApp({ name: 'types' })
    installFixture(root, NOTES)
    writeTree(root, { 'lang/en/messages.json': JSON.stringify({ welcome: 'Welcome' }) })
  })
  after(() => removeTempApp(root))

  it('writes the names of the app and its packages, and says when nothing changed', () => {
    const first = craft(root, ['types'], T)
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /written\s+\.mortar\/types\.d\.ts/)
    const text = readFileSync(join(root, '.mortar/types.d.ts'), 'utf8')
    assert.match(text, /views: .*"notes:posts\.show"/)
    assert.match(text, /views: .*"welcome"/)
    assert.match(text, /routes: .*"notes\.index"/)
    assert.match(text, /translations: .*"messages\.welcome"/)
    assert.match(text, /translations: .*"notes:posts\.form\.save"/)
    assert.match(text, /"notes\.per_page": number/)
    assert.match(craft(root, ['types'], T).stdout, /unchanged\s+\.mortar\/types\.d\.ts/)
  })

  it('tsc passes with the right names and fails on each misspelled one', () => {
    const right = { view: 'notes:posts.show', config: 'notes.per_page', route: 'notes.index', message: 'notes:posts.title' }
    writeTree(root, { 'app/typed.ts': usage(right) })
    const passing = tsc(root)
    assert.equal(passing.code, 0, passing.output)

    writeTree(root, {
      'app/typed.ts': usage({ view: 'notes:post.show', config: 'notes.perpage', route: 'notes.indx', message: 'notes:posts.titel' }),
    })
    const failing = tsc(root)
    assert.notEqual(failing.code, 0)
    for (const typo of ['"notes:post.show"', '"notes.perpage"', '"notes.indx"', '"notes:posts.titel"']) {
      assert.match(failing.output, new RegExp(`Argument of type '${typo.replaceAll('"', '"')}' is not assignable`), failing.output)
    }
    assert.equal(failing.output.match(/error TS/g)?.length, 4, failing.output)
  })

  it('package:remove writes the file again without the package', () => {
    const removed = craft(root, ['package:remove', 'notes', '--force'], { timeout: 120_000 })
    assert.equal(removed.code, 0, removed.stdout + removed.stderr)
    const text = readFileSync(join(root, '.mortar/types.d.ts'), 'utf8')
    assert.doesNotMatch(text, /notes/)
    assert.match(text, /"messages\.welcome"/)
  })
})
