// The compile cache: craft runs the app's TypeScript from storage/framework/compiled/, rebuilds
// what changed (a file, or a file it imports), resolves imports as tsx does, and reports errors
// with the TypeScript file's name and line. MORTAR_COMPILE_CACHE=0 runs through tsx instead.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp } from '../support/temp_app.js'
import { assertOneLineError, writeFiles } from './support.js'

const T = { timeout: 30_000 }
const COMPILED = join('storage', 'framework', 'compiled')

describe('compile cache', { timeout: 240_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'compile-cache' })
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'))
    tsconfig.compilerOptions.paths = { '@lib/*': ['./app/lib/*'] }
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
    writeFiles(root, {
      'app/lib/greeting.ts': "export const GREETING: string = 'hello'\n",
      'app/lib/data/numbers.json': '{ "answer": 42 }\n',
      'app/lib/data/note.txt': 'read beside its module\n',
      'app/lib/paths.ts': `import { readFileSync } from 'node:fs'
import { join } from 'node:path'
export const note = (): string => readFileSync(join(import.meta.dirname, 'data', 'note.txt'), 'utf8').trim()
export const here = (): string => new URL('.', import.meta.url).pathname
`,
      'app/commands/probe.ts': `import { Command } from 'mortar'
import numbers from '../lib/data/numbers.json' with { type: 'json' }
import { GREETING } from '@lib/greeting.js'
import { here, note } from '../lib/paths'

export class Probe extends Command {
  static signature = 'probe'
  static description = 'Print what the imports resolved to'

  async handle() {
    const { GREETING: again } = await import('../lib/greeting.ts')
    this.line(JSON.stringify({ greeting: GREETING, same: again === GREETING, answer: numbers.answer, note: note(), here: here() }))
  }
}
`,
    })
  })
  after(() => removeTempApp(root))

  it('runs the app from compiled copies, with imports resolved as under tsx', () => {
    const cached = craft(root, ['probe'], T)
    assert.equal(cached.code, 0, cached.stderr)
    const values = JSON.parse(cached.stdout)
    assert.deepEqual(values, {
      greeting: 'hello',
      same: true,
      answer: 42,
      note: 'read beside its module',
      here: `${join(root, 'app', 'lib')}/`,
    })
    for (const file of ['config/app.mjs', 'routes/web.mjs', 'app/commands/probe.mjs', 'app/lib/greeting.mjs', 'manifest.json']) {
      assert.ok(existsSync(join(root, COMPILED, file)), `${file} compiled`)
    }
    // The same app through tsx prints the same, and leaves the cache as it was.
    const manifest = readFileSync(join(root, COMPILED, 'manifest.json'), 'utf8')
    const viaTsx = craft(root, ['probe'], { ...T, env: { MORTAR_COMPILE_CACHE: '0' } })
    assert.equal(viaTsx.code, 0, viaTsx.stderr)
    assert.deepEqual(JSON.parse(viaTsx.stdout), values)
    assert.equal(readFileSync(join(root, COMPILED, 'manifest.json'), 'utf8'), manifest)
  })

  it('recompiles a file that changed, and a file whose import changed', () => {
    writeFiles(root, {
      'routes/web.ts': `import { Route } from 'mortar'
import { GREETING } from '../app/lib/greeting.js'

export default [Route.get('/', 'WelcomeController@show').name('welcome'), Route.get('/greet', () => GREETING).name(\`greet.\${GREETING}\`)]
`,
    })
    const first = craft(root, ['routes:list'], T)
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /\/greet\s+greet\.hello/)

    writeFiles(root, { 'app/lib/greeting.ts': "export const GREETING: string = 'howdy'\n" })
    const second = craft(root, ['routes:list'], T)
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stdout, /\/greet\s+greet\.howdy/, 'the route file saw its import change')
  })

  it('compiles the new imports of a changed file that a compiled file imports, in one run', () => {
    // config/providers.ts is compiled and unchanged; the provider it imports changes and now
    // imports a file that imports another, none of them compiled yet.
    writeFiles(root, {
      'app/lib/deep/inner.ts': "export const INNER: string = 'inner'\n",
      'app/lib/deep/outer.ts': "import { INNER } from './inner.js'\nexport const OUTER: string = 'outer ' + INNER\n",
      'app/providers/app_provider.ts': `import { Provider } from 'mortar'
import { OUTER } from '../lib/deep/outer.js'

export default class AppProvider extends Provider {
  boot() {
    this.app.config.set('app.deep', OUTER)
  }
}
`,
    })
    const run = craft(root, ['routes:list'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.ok(existsSync(join(root, COMPILED, 'app/lib/deep/inner.mjs')), 'the import of the import compiled')
  })

  it('a syntax error names the TypeScript file, line and column; a stack names the TypeScript line', () => {
    writeFiles(root, { 'config/broken.ts': 'export default {\n  value: ,\n}\n' })
    assertOneLineError(craft(root, ['routes:list'], T), 'Cannot load config/broken.ts', 'config/broken.ts:2:10')
    writeFiles(root, { 'config/broken.ts': "const value: number = 1\nthrow new Error('broken at ' + value)\nexport default {}\n" })
    const run = craft(root, ['routes:list', '--verbose'], T)
    assert.notEqual(run.code, 0)
    assert.match(run.stderr, /^error Cannot load config\/broken\.ts: broken at 1/)
    assert.match(run.stderr, /config\/broken\.ts:2:7\)/, `stack names the .ts line:\n${run.stderr}`)
    writeFiles(root, { 'config/broken.ts': 'export default { value: 1 }\n' })
    assert.equal(craft(root, ['routes:list'], T).code, 0)
  })

  it("compiles an installed package's TypeScript resources too", () => {
    writeFiles(root, {
      'node_modules/acme-greeter/package.json': JSON.stringify({
        name: 'acme-greeter',
        version: '1.0.0',
        type: 'module',
        mortar: { provider: './provider.js' },
      }),
      'node_modules/acme-greeter/provider.js': `import { PackageProvider } from 'mortar'
export default class GreeterProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url).name('greeter').routes('routes/web.ts')
  }
}
`,
      'node_modules/acme-greeter/routes/web.ts': `import { Route } from 'mortar'
import { greet } from '../lib/greet.js'
import { punctuation } from '../lib/plain.js'

export default [Route.get('/greeter', () => greet('package') + punctuation).name('greeter.' + greet('route'))]
`,
      'node_modules/acme-greeter/lib/greet.ts': "export const greet = (who: string): string => 'hi-' + who\n",
      'node_modules/acme-greeter/lib/plain.js': "export const punctuation = '!'\n",
    })
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    manifest.dependencies['acme-greeter'] = '1.0.0'
    writeFileSync(join(root, 'package.json'), JSON.stringify(manifest, null, 2))

    const run = craft(root, ['routes:list'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /\/greeter\s+greeter\.hi-route/)
    for (const file of ['routes/web.mjs', 'lib/greet.mjs']) {
      assert.ok(existsSync(join(root, COMPILED, '_packages', 'acme-greeter', file)), `${file} compiled`)
    }
  })

  it('with MORTAR_COMPILE_CACHE=0 nothing is compiled', () => {
    const other = createTempApp({ name: 'no-compile-cache' })
    try {
      const run = craft(other, ['inspire'], { ...T, env: { MORTAR_COMPILE_CACHE: '0' } })
      assert.equal(run.code, 0, run.stderr)
      assert.equal(existsSync(join(other, COMPILED)), false)
    } finally {
      removeTempApp(other)
    }
  })
})
