// craft serve in development says once, at start, which packages have published files behind the
// installed version, naming the command; not again when the app reloads, and not for a package
// whose copies are up to date.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp, type ServedApp, serveApp } from '../../support/temp_app.js'
import { installFixture } from '../system/support.js'

function fixture(npmName: string, name: string, version: string, view: string) {
  return {
    npmName,
    version,
    files: {
      'provider.js': `import { PackageProvider } from 'mortar'
export default class P extends PackageProvider {
  configure() { this.root(import.meta.url, '.').name('${name}').views('templates') }
}
`,
      'templates/show.edge': view,
      'templates/index.edge': '<h1>index</h1>\n',
    },
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('craft serve: stale published copies', { timeout: 120_000 }, () => {
  let root: string
  let served: ServedApp | undefined

  before(() => {
    root = createTempApp({ name: 'stale' })
    installFixture(root, fixture('mortar-notes', 'notes', '1.0.0', '<p>v1</p>\n'))
    installFixture(root, fixture('mortar-fresh', 'fresh', '1.0.0', '<p>fresh</p>\n'))
    for (const name of ['notes', 'fresh']) assert.equal(craft(root, ['package:publish', name, '--only', 'templates/show.edge']).code, 0)
    installFixture(root, fixture('mortar-notes', 'notes', '1.1.0', '<p>v2</p>\n'))
  })
  after(async () => {
    await served?.stop()
    removeTempApp(root)
  })

  it('names the stale package and the command once, also across a reload', async () => {
    served = await serveApp(root)
    const line =
      /Package "notes": 1 published file is behind the installed 1\.1\.0 \(published from 1\.0\.0\): run craft package:update notes/
    await until(() => line.test(served?.output() ?? ''), 'the stale line')
    assert.doesNotMatch(served.output(), /Package "fresh"/)

    // An edit reloads the app: the line is not said again.
    writeFileSync(join(root, 'routes/web.ts'), `${(await import('node:fs')).readFileSync(join(root, 'routes/web.ts'), 'utf8')}\n`)
    await until(() => /restarting/.test(served?.output() ?? ''), 'the reload')
    const response = await fetch(served.url)
    assert.equal(response.status, 200)
    assert.equal(served.output().match(new RegExp(line.source, 'g'))?.length, 1)
  })
})
