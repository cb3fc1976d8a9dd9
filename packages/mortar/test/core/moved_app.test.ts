// Caches under storage/framework/ belong to the folder they are in. An app copied (cp -a, a Docker
// build stage, a CI cache restored elsewhere) or moved after a first craft run discovers what is
// installed in its new folder, lists its own commands, and runs compiled copies that import files
// of the new folder, never of the old one.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp } from '../support/temp_app.js'
import { writeFiles } from './support.js'

const T = { timeout: 60_000 }
const COMPILED = join('storage', 'framework', 'compiled')

const PROBE = {
  'app/lib/data/numbers.json': '{ "answer": 42 }\n',
  'app/lib/where.ts': 'export const here = (): string => import.meta.dirname\n',
  'app/commands/probe.ts': `import { Command } from 'mortar'
import numbers from '../lib/data/numbers.json' with { type: 'json' }
import { here } from '../lib/where.js'

export class Probe extends Command {
  static signature = 'probe'
  static description = 'Print where the app runs from'

  async handle() {
    this.line(JSON.stringify({ answer: numbers.answer, here: here() }))
  }
}
`,
}

/** An installed package with a provider and one command. */
const HELLO_PACKAGE = {
  'node_modules/acme-hello/package.json': JSON.stringify({
    name: 'acme-hello',
    version: '1.0.0',
    type: 'module',
    mortar: { provider: './provider.js' },
  }),
  'node_modules/acme-hello/provider.js': `import { Command, PackageProvider } from 'mortar'
class Hello extends Command {
  static signature = 'hello:say'
  static description = 'Say hello from the package'
  async handle() { this.line('hello from acme') }
}
export default class HelloProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url).name('hello').commands(Hello)
  }
}
`,
}

/** Every compiled copy's text, to look for paths of another folder. */
function compiledText(root: string): string {
  const folder = join(root, COMPILED)
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => readFileSync(join(folder, name), 'utf8'))
    .join('\n')
}

describe('an app copied or moved after a first craft run', { timeout: 240_000 }, () => {
  let original: string
  before(() => {
    original = createTempApp({ name: 'moved' })
    writeFiles(original, PROBE)
    const first = craft(original, ['probe'], T)
    assert.equal(first.code, 0, first.stderr)
    assert.equal(craft(original, ['list'], T).code, 0)
    assert.ok(existsSync(join(original, 'storage', 'framework', 'packages.json')), 'the discovery cache was written')
    assert.ok(existsSync(join(original, 'storage', 'framework', 'commands.json')), 'the command index was written')
  })
  after(() => removeTempApp(original))

  it('a copy discovers a package installed in the copy, lists its command and compiles its own copies', () => {
    const copy = join(dirname(original), 'copy')
    execFileSync('cp', ['-a', original, copy])
    writeFiles(copy, HELLO_PACKAGE)
    const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'))
    manifest.dependencies['acme-hello'] = '1.0.0'
    writeFileSync(join(copy, 'package.json'), JSON.stringify(manifest, null, 2))

    const list = craft(copy, ['package:list'], T)
    assert.equal(list.code, 0, list.stderr)
    assert.match(list.stdout, /hello\s+acme-hello\s+1\.0\.0/)
    const commands = craft(copy, ['list'], T)
    assert.match(commands.stdout, /hello:say/)
    const hello = craft(copy, ['hello:say'], T)
    assert.equal(hello.stdout.trim(), 'hello from acme', hello.stderr)

    const probe = craft(copy, ['probe'], T)
    assert.equal(probe.code, 0, probe.stderr)
    assert.deepEqual(JSON.parse(probe.stdout), { answer: 42, here: join(copy, 'app', 'lib') })
    assert.equal(compiledText(copy).includes(original), false, 'no compiled copy names the original folder')

    // The original still has no such package: its caches are its own too.
    const originalList = craft(original, ['package:list'], T)
    assert.doesNotMatch(originalList.stdout, /acme-hello/)
  })

  it('a moved app runs compiled copies that import its new folder', () => {
    const moved = join(dirname(original), 'moved')
    const toMove = join(dirname(original), 'to-move')
    execFileSync('cp', ['-a', original, toMove])
    assert.equal(craft(toMove, ['probe'], T).code, 0)
    const before = statSync(join(toMove, 'app', 'lib', 'where.ts'))
    renameSync(toMove, moved)
    // A rename keeps every file's size, mtime and inode: only the folder tells the caches apart.
    assert.equal(statSync(join(moved, 'app', 'lib', 'where.ts')).ino, before.ino)

    const probe = craft(moved, ['probe'], T)
    assert.equal(probe.code, 0, probe.stderr)
    assert.deepEqual(JSON.parse(probe.stdout), { answer: 42, here: join(moved, 'app', 'lib') })
    assert.equal(compiledText(moved).includes(toMove), false, 'no compiled copy names the old folder')
  })
})
