// The resolved environment: process APP_ENV, then process NODE_ENV, then APP_ENV in .env, else
// development; test apps are always `test`. `craft serve` names it on its first line, a
// production start hides error details even when .env says development, and refuses APP_DEBUG
// unless APP_DEBUG_IN_PRODUCTION=true. Real craft processes on a real socket.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestApp } from 'mortar/testing'
import { craft, createTempApp, removeTempApp, serveApp } from '../support/temp_app.js'
import { assertOneLineError, writeFiles } from './support.js'

const FILES: Record<string, string> = {
  'routes/web.ts': `import { Route } from 'mortar'

export default [
  Route.get('/', () => 'home'),
  Route.get('/boom', () => {
    throw new Error('SECRET-DETAIL of the failure')
  }),
]
`,
  'routes/api.ts': `import { Route } from 'mortar'

export default [
  Route.get('/boom', () => {
    throw new Error('SECRET-DETAIL of the api failure')
  }),
]
`,
  'app/commands/where.ts': `import { Command } from 'mortar'

export class Where extends Command {
  static signature = 'where'
  static description = 'Prints the environment and its source'
  handle() {
    this.line(\`\${this.app.environment} \${this.app.environmentSource}\`)
  }
}
`,
}

/** This process's environment without the variables that choose an environment. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { APP_ENV: _app, NODE_ENV: _node, APP_DEBUG: _debug, APP_DEBUG_IN_PRODUCTION: _allow, ...env } = process.env
  return env
}

describe('the resolved environment', { timeout: 180_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'environment' })
    writeFiles(root, FILES)
    // A new app's .env, as create-mortar writes it, says development.
    assert.match(readFileSync(join(root, '.env'), 'utf8'), /^APP_ENV=development$/m)
  })
  after(() => removeTempApp(root))

  it('takes process APP_ENV, then process NODE_ENV, then APP_ENV in .env, else development', () => {
    const where = (env: Record<string, string>) => {
      const run = craft(root, ['where'], { env: { APP_ENV: '', NODE_ENV: '', ...env } })
      assert.equal(run.code, 0, run.stderr)
      return run.stdout.trim()
    }
    assert.equal(where({}), 'development .env')
    assert.equal(where({ NODE_ENV: 'production' }), 'production NODE_ENV')
    assert.equal(where({ APP_ENV: 'test', NODE_ENV: 'production' }), 'test APP_ENV')
    assert.equal(where({ APP_ENV: 'prod' }), 'production APP_ENV')
    const env = readFileSync(join(root, '.env'), 'utf8')
    try {
      writeFileSync(join(root, '.env'), env.replace(/^APP_ENV=.*$/m, ''))
      assert.equal(where({}), 'development default')
      writeFileSync(join(root, '.env'), env.replace(/^APP_ENV=.*$/m, 'APP_ENV=production'))
      assert.equal(where({}), 'production .env')
      assert.equal(where({ NODE_ENV: 'development' }), 'development NODE_ENV')
    } finally {
      writeFileSync(join(root, '.env'), env)
    }
  })

  it('refuses an environment it does not know, in one line', () => {
    assertOneLineError(craft(root, ['where'], { env: { APP_ENV: 'staging', NODE_ENV: '' } }), 'APP_ENV is "staging"')
  })

  it('NODE_ENV=production serves in production although .env says development: a throwing route shows no message and no stack', async () => {
    const served = await serveApp(root, { baseEnv: { ...cleanEnv(), NODE_ENV: 'production' } })
    try {
      const firstLine = served.output().split('\n')[0] ?? ''
      assert.match(firstLine, /^Mortar is serving http:\/\/127\.0\.0\.1:\d+ in production \(NODE_ENV\); Ctrl\+C to stop$/)

      const page = await fetch(`${served.url}/boom`)
      assert.equal(page.status, 500)
      const html = await page.text()
      assert.doesNotMatch(html, /SECRET-DETAIL|Error:|\bat \S+ \(|routes\/web|\.ts:\d+/)

      const json = await fetch(`${served.url}/api/boom`)
      assert.equal(json.status, 500)
      const body = (await json.json()) as { error: Record<string, unknown> }
      assert.deepEqual(Object.keys(body.error).sort(), ['message', 'status'])
      assert.doesNotMatch(JSON.stringify(body), /SECRET-DETAIL/)
      // The details go to the server's log, not to the client.
      assert.match(served.output(), /SECRET-DETAIL of the failure/)
    } finally {
      await served.stop()
    }
  })

  it('in development (the .env default) the first line says so, and error pages show the details', async () => {
    const served = await serveApp(root, { baseEnv: cleanEnv() })
    try {
      assert.match(
        served.output().split('\n')[0] ?? '',
        /^Mortar is serving http:\/\/127\.0\.0\.1:\d+ in development \(APP_ENV in \.env\): reloads/,
      )
      assert.match(await (await fetch(`${served.url}/boom`)).text(), /SECRET-DETAIL of the failure/)
    } finally {
      await served.stop()
    }
  })

  it('a production start refuses APP_DEBUG=true, unless APP_DEBUG_IN_PRODUCTION=true', async () => {
    const refused = craft(root, ['serve', '--port', '0'], { env: { APP_ENV: '', NODE_ENV: 'production', APP_DEBUG: 'true' } })
    assertOneLineError(refused, 'app.debug (APP_DEBUG) is on in production (NODE_ENV)', 'APP_DEBUG_IN_PRODUCTION=true')

    const served = await serveApp(root, {
      baseEnv: { ...cleanEnv(), NODE_ENV: 'production', APP_DEBUG: 'true', APP_DEBUG_IN_PRODUCTION: 'true' },
    })
    try {
      assert.match(await (await fetch(`${served.url}/boom`)).text(), /SECRET-DETAIL of the failure/)
    } finally {
      await served.stop()
    }
  })

  it('a test app is always test, whatever the process says', async () => {
    const saved = { APP_ENV: process.env.APP_ENV, NODE_ENV: process.env.NODE_ENV }
    process.env.APP_ENV = 'production'
    process.env.NODE_ENV = 'production'
    try {
      const app = await createTestApp({ root })
      try {
        assert.equal(app.app.environment, 'test')
        ;(await app.get('/boom')).assertStatus(500).assertSee('SECRET-DETAIL of the failure')
      } finally {
        await app.close()
      }
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
  })
})
