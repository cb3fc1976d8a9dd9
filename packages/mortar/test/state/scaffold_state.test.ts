// A new app from create-mortar: its own APP_KEY, config/session.ts and config/hashing.ts, session
// and csrf in its web group; its tests pass, and it serves a form with a session straight after
// create + install (the sessions table is made on first use outside production).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { writeFiles } from '../core/support.js'
import { craft, createTempApp, removeTempApp, serveApp } from '../support/temp_app.js'

describe('a new app and the state layer', () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'state-scaffold' })
  })
  after(() => removeTempApp(root))

  it('has a random APP_KEY in .env, an empty one in .env.example, and the session and hashing configs', () => {
    const key = /^APP_KEY=(.*)$/m.exec(readFileSync(join(root, '.env'), 'utf8'))?.[1]
    assert.match(key ?? '', /^base64:[A-Za-z0-9+/]{43}=$/)
    assert.match(readFileSync(join(root, '.env.example'), 'utf8'), /^APP_KEY=$/m)
    assert.match(readFileSync(join(root, 'config', 'session.ts'), 'utf8'), /driver: env\('SESSION_DRIVER', 'database'\)/)
    assert.match(readFileSync(join(root, 'config', 'hashing.ts'), 'utf8'), /cost: 16_384/)
    assert.match(readFileSync(join(root, 'app', 'providers', 'app_provider.ts'), 'utf8'), /group\('web', \['session', 'csrf'\]\)/)
  })

  it('passes its own tests', () => {
    const run = craft(root, ['test'], { timeout: 120_000 })
    assert.equal(run.code, 0, `${run.stdout}${run.stderr}`)
  })

  it('serves a form with a session and checks its token before any craft migrate', async () => {
    writeFiles(root, {
      'routes/web.ts': `import { Route, type HttpContext } from 'mortar'

export default [
  Route.get('/', 'WelcomeController@show').name('welcome'),
  Route.get('/form', (ctx: HttpContext) => \`<form method="POST">\${ctx.session.token}</form>\`),
  Route.post('/form', (ctx: HttpContext) => ctx.redirect().back().with('status', 'Sent')),
]
`,
    })
    const served = await serveApp(root)
    try {
      const page = await fetch(`${served.url}/form`)
      assert.equal(page.status, 200)
      const token = /<form method="POST">([^<]+)<\/form>/.exec(await page.text())?.[1] as string
      const cookie = page.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ')
      assert.match(cookie, /^mortar_session=/)
      const refused = await fetch(`${served.url}/form`, { method: 'POST', headers: { cookie }, redirect: 'manual' })
      assert.equal(refused.status, 419)
      const sent = await fetch(`${served.url}/form`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', referer: `${served.url}/form` },
        body: new URLSearchParams({ _token: token }).toString(),
        redirect: 'manual',
      })
      assert.equal(sent.status, 303)
      assert.equal(sent.headers.get('location'), '/form')
    } finally {
      await served.stop()
    }
  })
})
