import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { generateAppKey } from 'mortar'
import { Browser, craft, type Served, serve } from '../support/processes.js'

const APP = fileURLToPath(new URL('../integrations/', import.meta.url))
const PASSWORD = 'correct horse battery'

describe('the login throttle across two craft serve processes on one database', () => {
  let folder: string
  let env: Record<string, string>
  const servers: Served[] = []

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-auth-throttle-'))
    env = {
      DATABASE_URL: `sqlite:${join(folder, 'database.sqlite')}`,
      APP_KEY: generateAppKey(),
      APP_ENV: 'development',
      MAIL_DRIVER: 'log',
    }
    const migrate = craft(APP, ['migrate'], env)
    assert.equal(migrate.code, 0, migrate.stderr + migrate.stdout)
    for (const email of ['held@example.com', 'free@example.com']) {
      const made = craft(APP, ['auth:create-user', '--name', 'Ada', '--email', email, '--password', PASSWORD], env)
      assert.equal(made.code, 0, made.stderr)
      assert.match(made.stdout, new RegExp(`Created user #\\d+: Ada <${email}>`))
    }
    servers.push(...(await Promise.all([serve(APP, env), serve(APP, env)])))
  })
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    rmSync(folder, { recursive: true, force: true })
  })

  it('counts failures from both processes: the sixth login is refused even with the right password', async () => {
    const [a, b] = servers as [Served, Served]
    const browser = new Browser()
    const page = await (await browser.request(`${a.url}/login`)).text()
    const token = /name="_token" value="([^"]+)"/.exec(page)?.[1] as string
    assert.ok(token, 'the login form carries a CSRF token')
    const login = (server: Served, email: string, password: string) =>
      browser.request(`${server.url}/login`, { method: 'POST', form: { _token: token, email, password }, referer: `${server.url}/login` })

    for (let attempt = 0; attempt < 5; attempt++) {
      const answer = await login(attempt % 2 === 0 ? a : b, 'held@example.com', `wrong ${attempt}`)
      assert.equal(answer.status, 303)
      assert.match(answer.headers.get('location') ?? '', /\/login$/)
    }
    const refused = await login(b, 'held@example.com', PASSWORD)
    assert.equal(refused.status, 303)
    assert.match(refused.headers.get('location') ?? '', /\/login$/)
    const shown = await (await browser.request(`${b.url}/login`)).text()
    assert.match(shown, /Too many login attempts\. Try again in \d+ seconds?\./)
    assert.match(shown, /aria-describedby="auth-email-error"/)

    // The same browser, another email: not held back, and let in by either process.
    const other = await login(a, 'free@example.com', PASSWORD)
    assert.equal(other.status, 303)
    assert.equal(new URL(other.headers.get('location') ?? '', a.url).pathname, '/')
    const dashboard = await browser.request(`${b.url}/dashboard`)
    assert.equal(dashboard.status, 200)
    assert.match(await dashboard.text(), /Dashboard of Ada/)
  })
})
