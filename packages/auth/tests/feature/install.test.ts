import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Browser, craft, type Served, serve } from '../support/processes.js'

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url))
const MORTAR = join(PACKAGE, '..', 'mortar')
const CREATE_MORTAR = join(PACKAGE, '..', 'create-mortar', 'bin', 'create-mortar.js')

/**
 * Every file under the app (path and content), leaving out node_modules, the runtime caches in
 * storage/framework and the SQLite database (its schema is compared through migrate:status).
 */
function treeFiles(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      const rel = relative(root, path)
      if (rel === 'node_modules' || rel === join('storage', 'framework') || rel.startsWith(join('storage', 'database.sqlite'))) continue
      if (entry.isDirectory()) walk(path)
      else files.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'))
    }
  }
  walk(root)
  return files
}

describe('craft package:install from the npm pack tarball, and package:remove', () => {
  let folder: string
  let app: string
  let tarball: string
  let server: Served | undefined

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mortar-auth-install-'))
    app = join(folder, 'app')
    execFileSync(process.execPath, [CREATE_MORTAR, app, '--mortar', MORTAR, '--yes', '--no-install'], { stdio: 'pipe' })
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, stdio: 'pipe' })
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: PACKAGE, encoding: 'utf8' }),
    ) as { filename: string }[]
    tarball = join(folder, (packed as { filename: string }).filename.replace(/^@mortar\//, 'mortar-'))
  })
  after(async () => {
    await server?.stop()
    rmSync(folder, { recursive: true, force: true })
  })

  it('installs, serves the pages, creates a user, and removes everything it added but the file the user edited', async () => {
    const env = { APP_KEY: 'base64:' + Buffer.alloc(32, 7).toString('base64') }
    // An app in use: its own migrations ran, and its .mortar/types.d.ts (committed with it) is written.
    assert.equal(craft(app, ['migrate'], env).code, 0)
    assert.equal(craft(app, ['types'], env).code, 0)
    const before = treeFiles(app)
    const schemaBefore = craft(app, ['migrate:status'], env).stdout

    const install = craft(app, ['package:install', tarball], env) // no terminal, no flags: the recipe says to run the migrations
    assert.equal(install.code, 0, install.stderr + install.stdout)
    for (const line of [
      'written      config/auth.ts',
      'written      templates/vendor/auth/login.edge',
      'craft auth:create-user',
      'Installed auth (@mortar/auth 0.1.0)',
    ]) {
      assert.ok(install.stdout.includes(line), `install printed "${line}":\n${install.stdout}`)
    }
    assert.match(readFileSync(join(app, '.env'), 'utf8'), /^AUTH_HOME=\/$/m)
    assert.match(readFileSync(join(app, '.env.example'), 'utf8'), /^AUTH_VERIFY_EMAIL=false$/m)
    for (const view of ['login', 'register', 'forgot_password', 'reset_password', 'verify_email', 'account']) {
      assert.ok(existsSync(join(app, 'templates', 'vendor', 'auth', `${view}.edge`)), `${view} published`)
    }
    const status = craft(app, ['migrate:status'], env)
    for (const table of ['users', 'password_reset_tokens', 'remember_tokens', 'personal_access_tokens'])
      assert.match(status.stdout, new RegExp(`ran\\s+auth\\s+create_${table}_table`))
    const routes = craft(app, ['routes:list'], env).stdout
    assert.match(routes, /GET\s+\/account\s+auth\.account.*auth \(auth\)/)
    assert.match(routes, /GET\s+\/login\s+auth\.login.*guest \(auth\)/)

    const made = craft(app, ['auth:create-user', '--name', 'Demo', '--email', 'demo@example.com', '--password', 'demo password'], env)
    assert.equal(made.code, 0, made.stderr)
    assert.match(made.stdout, /Created user #1: Demo <demo@example.com>/)

    server = await serve(app, env)
    const browser = new Browser()
    const page = await browser.request(`${server.url}/login`)
    assert.equal(page.status, 200)
    const token = /name="_token" value="([^"]+)"/.exec(await page.text())?.[1] as string
    const login = await browser.request(`${server.url}/login`, {
      method: 'POST',
      form: { _token: token, email: 'demo@example.com', password: 'demo password' },
    })
    assert.equal(login.status, 303)
    assert.equal((await browser.request(`${server.url}/account`)).status, 200)
    assert.equal((await browser.request(`${server.url}/vendor/auth/auth.css`)).status, 200)
    await server.stop()
    server = undefined

    appendFileSync(join(app, 'templates', 'vendor', 'auth', 'login.edge'), '{{-- our own login page --}}\n')
    const remove = craft(app, ['package:remove', 'auth', '--force'], env)
    assert.equal(remove.code, 0, remove.stderr + remove.stdout)
    assert.match(remove.stdout + remove.stderr, /kept \(changed by you\)\s+templates\/vendor\/auth\/login\.edge/)
    assert.match(remove.stdout, /rolled back create_users_table/)

    const afterRemove = treeFiles(app)
    const changed = [...new Set([...before.keys(), ...afterRemove.keys()])]
      .filter((file) => before.get(file) !== afterRemove.get(file))
      .sort()
    // The ledger the install made goes too: it records nothing now.
    assert.deepEqual(changed, ['templates/vendor/auth/login.edge'], 'only the edited file differs from before the install')
    assert.ok(!existsSync(join(app, 'node_modules', '@mortar', 'auth')))
    assert.equal(craft(app, ['migrate:status'], env).stdout, schemaBefore)
  })
})
