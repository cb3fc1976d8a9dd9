// A package whose config is JavaScript (`config/notes.js`) publishes it as `config/notes.js`,
// and the app's edited copy is what config() reads.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { installFixture, provider } from './support.js'

const CONFIG = `export default {
  /** Notes shown per page. */
  per_page: 10,
}
`

describe('a package config written in JavaScript', { timeout: 120_000 }, () => {
  let app: string
  let folder: string
  before(() => {
    app = createTempApp({ name: 'js-config' })
    folder = installFixture(app, {
      npmName: 'mortar-notes',
      files: {
        'provider.js': provider(".name('notes').config('config/notes.js').commands(Cmd)", "import { Cmd } from './command.js'"),
        'config/notes.js': CONFIG,
        'command.js': `import { Command, config } from 'mortar'

export class Cmd extends Command {
  static signature = 'notes:per-page'
  static description = 'Prints notes.per_page'
  handle() {
    this.line(String(config('notes.per_page')))
  }
}
`,
      },
    })
  })
  after(() => removeTempApp(app))

  it('is published as config/notes.js, and the app’s edits win', () => {
    assert.equal(craft(app, ['notes:per-page']).stdout.trim(), '10')
    const publish = craft(app, ['package:publish', 'notes', '--resources', 'config'])
    assert.equal(publish.code, 0, publish.stderr)
    assert.match(publish.stdout, /config\/notes\.js/)
    assert.ok(!existsSync(join(app, 'config', 'notes.ts')))
    assert.equal(readFileSync(join(app, 'config', 'notes.js'), 'utf8'), readFileSync(join(folder, 'config', 'notes.js'), 'utf8'))

    writeFileSync(join(app, 'config', 'notes.js'), CONFIG.replace('per_page: 10', 'per_page: 3'))
    assert.equal(craft(app, ['notes:per-page']).stdout.trim(), '3')
    assert.match(craft(app, ['package:status', 'notes']).stdout, /config\/notes\.js/)
  })
})
