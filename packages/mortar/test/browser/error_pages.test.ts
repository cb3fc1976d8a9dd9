// Error pages through a real `craft serve`: in development Youch's page (checked in Debian's
// Chromium: the failing line's source is in the DOM; a screenshot is kept in test-artifacts/),
// its JSON twin for JSON clients; in production the app's templates/errors/<status>.edge, and
// the app's onError() hook hears of every 500.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { writeFiles } from '../core/support.js'
import { createTempApp, removeTempApp, type ServedApp, serveApp, WORKSPACE } from '../support/temp_app.js'
import { launchChromium, SKIP_WITHOUT_CHROMIUM } from './chromium.js'

const ARTIFACTS = join(WORKSPACE, 'test-artifacts')
const FAILING_LINE = "throw new Error('The oven is cold')"

const FILES: Record<string, string> = {
  'routes/web.ts': `import { abort, Route } from 'mortar'

function ovenTemperature(): number {
  ${FAILING_LINE}
}

export default [
  Route.get('/bake', () => \`Baked at \${ovenTemperature()}\`).name('bread.bake'),
  Route.get('/expired', () => abort(419)),
]
`,
  'app/providers/app_provider.ts': `import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { Provider } from 'mortar'

export default class AppProvider extends Provider {
  boot() {
    this.app.onError((error, ctx) => {
      appendFileSync(join(this.app.storagePath, 'reported.log'), \`\${(error as Error).message} at \${ctx?.path}\\n\`)
    })
  }
}
`,
  'templates/errors/500.edge': `<!doctype html><title>Oops</title><h1 class="app-500">Our oven broke ({{ status }})</h1>\n`,
  'templates/errors/404.edge': `<!doctype html><title>Lost</title><h1 class="app-404">No page at {{ request.path }}</h1>\n`,
  'templates/errors/419.edge': `<!doctype html><title>Expired</title><h1 class="app-419">This form expired, please try again</h1>\n`,
}

describe('error pages', () => {
  let root: string
  let development: ServedApp
  let production: ServedApp

  before(async () => {
    root = createTempApp({ name: 'error-pages' })
    writeFiles(root, FILES)
    development = await serveApp(root, { env: { APP_ENV: 'development', NODE_ENV: 'development' } })
    production = await serveApp(root, { env: { APP_ENV: 'production', NODE_ENV: 'production' } })
  })

  after(async () => {
    await development?.stop()
    await production?.stop()
    removeTempApp(root)
  })

  test('development: a JSON client gets the JSON twin with the message and the stack', async () => {
    const response = await fetch(`${development.url}/bake`, { headers: { accept: 'application/json' } })
    assert.equal(response.status, 500)
    const body = (await response.json()) as { error: { status: number; message: string; stack: string[] } }
    assert.equal(body.error.status, 500)
    assert.equal(body.error.message, 'The oven is cold')
    assert.ok(body.error.stack.some((line) => line.includes('ovenTemperature')))
  })

  test("production: the app's 500.edge, 404.edge and 419.edge, nothing internal, and the onError hook", async () => {
    const failed = await fetch(`${production.url}/bake`)
    assert.equal(failed.status, 500)
    const page = await failed.text()
    assert.match(page, /<h1 class="app-500">Our oven broke \(500\)<\/h1>/)
    assert.doesNotMatch(page, /oven is cold|ovenTemperature/)
    const missing = await fetch(`${production.url}/no/such/page`)
    assert.equal(missing.status, 404)
    assert.match(await missing.text(), /<h1 class="app-404">No page at \/no\/such\/page<\/h1>/)
    const expired = await fetch(`${production.url}/expired`)
    assert.equal(expired.status, 419)
    assert.match(await expired.text(), /class="app-419"/)
    const json = await fetch(`${production.url}/bake`, { headers: { accept: 'application/json' } })
    assert.equal(json.status, 500)
    assert.deepEqual(await json.json(), { error: { status: 500, message: 'Server Error' } })
    const reported = readFileSync(join(root, 'storage', 'reported.log'), 'utf8')
    assert.match(reported, /^The oven is cold at \/bake$/m)
    assert.doesNotMatch(reported, /no\/such\/page|expired/, '4xx answers are not reported')
  })

  describe('in a real browser', {
    skip: SKIP_WITHOUT_CHROMIUM,
  }, () => {
    let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
    let page: Page

    before(async () => {
      browser = await launchChromium({ width: 1200, height: 900 })
      page = browser.page
    })

    after(async () => {
      await browser?.close()
    })

    test("development: Youch's page shows the failing line's source, the request and the route; a screenshot is saved", async () => {
      const response = await page.goto(`${development.url}/bake?batch=7`, { waitUntil: 'load', timeout: 20_000 })
      assert.equal(response?.status(), 500)
      const text = (await page.locator('body').textContent()) ?? ''
      assert.match(text, /The oven is cold/)
      assert.ok(text.includes(FAILING_LINE), "the failing line's source is on the page")
      assert.match(text, /routes\/web\.ts/)
      assert.match(text, /bread\.bake/, 'the route name is shown')
      assert.ok(text.includes('/bake?batch=7'), 'the request URL is shown')

      mkdirSync(ARTIFACTS, { recursive: true })
      const file = join(ARTIFACTS, 'development-error-page.png')
      await page.screenshot({ path: file, fullPage: true })
      assert.ok(existsSync(file))
    })
  })
})
