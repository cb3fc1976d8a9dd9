// The quick start's journey in a real browser (Debian's Chromium, headless, driven by
// playwright-core): an app with examples/blog and @mortar/auth installed by `craft
// package:install`, the blog's writing pages put behind `auth` from config/providers.ts. A visitor
// registers, logs out, logs in, writes a post, resets the password through the link the log mail
// driver printed, and is refused (419) a form sent without its CSRF token. A screenshot of each
// page is kept in test-artifacts/.
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { BLOG, craft, createTempApp, removeTempApp, type ServedApp, serveApp, WORKSPACE } from '../support/temp_app.js'
import { launchChromium, SKIP_WITHOUT_CHROMIUM } from './chromium.js'

const ARTIFACTS = join(WORKSPACE, 'test-artifacts')
const AUTH = join(WORKSPACE, 'packages', 'auth')

function ok(root: string, args: string[]): string {
  const run = craft(root, args, { timeout: 180_000 })
  assert.equal(run.code, 0, `craft ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`)
  return run.stdout
}

describe('the quick start journey in a real browser', {
  skip: SKIP_WITHOUT_CHROMIUM,
  timeout: 300_000,
}, () => {
  let root: string
  let served: ServedApp
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
  let page: Page

  /** Saves what the page shows now as test-artifacts/auth-<name>.png. */
  async function shoot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, `auth-${name}.png`), fullPage: true })
  }

  async function go(path: string): Promise<number | undefined> {
    return (await page.goto(`${served.url}${path}`, { waitUntil: 'load', timeout: 20_000 }))?.status()
  }

  async function submit(button: string): Promise<void> {
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(() => true), page.locator(button).first().click()])
    await page.waitForLoadState('load')
  }

  /** Logs out with the form of the account page (a POST with its CSRF token). */
  async function logout(): Promise<void> {
    assert.equal(await go('/account'), 200)
    await submit('form[action$="/logout"] button')
  }

  before(async () => {
    root = createTempApp({ name: 'auth-journey' })
    ok(root, ['package:install', BLOG, '--migrate'])
    ok(root, ['package:install', AUTH, '--yes'])
    const providers = join(root, 'config', 'providers.ts')
    const text = readFileSync(providers, 'utf8')
    const guarded = text.replace(
      /^ {2}packages: \{\},$/m,
      "  packages: { blog: { routes: { 'routes/admin.ts': { middleware: ['auth'] } } } },",
    )
    assert.notEqual(guarded, text, 'config/providers.ts has its packages entry')
    writeFileSync(providers, guarded)
    served = await serveApp(root, { args: ['--no-reload'] })
    browser = await launchChromium({ width: 1024, height: 760 })
    page = browser.page
  })
  after(async () => {
    await browser?.close()
    await served?.stop()
    if (root) removeTempApp(root)
  })

  test('writing needs a login: a guest is sent to the login page', async () => {
    assert.equal(await go('/blog/admin'), 200)
    assert.match(page.url(), /\/login$/)
    await shoot('login')
  })

  test('registers, logs out and logs in again', async () => {
    assert.equal(await go('/register'), 200)
    await shoot('register')
    await page.fill('#auth-name', 'Grace Hopper')
    await page.fill('#auth-email', 'grace@example.com')
    await page.fill('#auth-password', 'first password 1')
    await page.fill('#auth-password_confirmation', 'first password 1')
    await submit('form button[type=submit]')
    assert.doesNotMatch(page.url(), /\/register$/, await page.content())
    await go('/account')
    assert.match(await page.content(), /grace@example\.com/)
    await shoot('account')

    await logout()
    assert.equal(await go('/account'), 200)
    assert.match(page.url(), /\/login$/)

    await page.fill('#auth-email', 'grace@example.com')
    await page.fill('#auth-password', 'first password 1')
    await submit('form button[type=submit]')
    // Back to the page asked for before logging in.
    assert.match(page.url(), /\/account$/)
  })

  test('writes a post that the public blog shows with its author', async () => {
    assert.equal(await go('/blog/admin/posts/new'), 200)
    await submit('form.post-form button[type=submit]')
    assert.match((await page.locator('#title-error').textContent()) ?? '', /Give the post a title/)
    await shoot('post-errors')
    await page.fill('#title', 'Written in Chromium')
    await page.fill('#body', 'Typed by a real browser.')
    await submit('form.post-form button[type=submit]')
    assert.match(page.url(), /\/blog\/posts\/\d+$/)
    assert.match((await page.locator('.status').textContent()) ?? '', /Post published/)
    assert.match((await page.locator('.byline').textContent()) ?? '', /by Grace Hopper/)
    await shoot('post')
    await go('/blog')
    assert.match(await page.content(), /Written in Chromium/)
    await shoot('blog')
  })

  test('resets the password through the link the mail log printed, once', async () => {
    await logout()
    assert.equal(await go('/forgot-password'), 200)
    await page.fill('#auth-email', 'grace@example.com')
    await submit('form button[type=submit]')
    await shoot('forgot-password')
    // The log mail driver prints one line per message with its first link.
    const deadline = Date.now() + 10_000
    const resetLink = () => /https?:\/\/[^\s)]*\/reset-password\/[^\s)]+/.exec(served.output())
    while (!resetLink() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    const link = resetLink()
    assert.ok(link, `no reset link in the console:\n${served.output()}`)
    const path = new URL(link[0]).pathname
    assert.equal(await go(path), 200)
    await page.fill('#auth-password', 'second password 2')
    await page.fill('#auth-password_confirmation', 'second password 2')
    await shoot('reset-password')
    await submit('form button[type=submit]')

    await go('/login')
    await page.fill('#auth-email', 'grace@example.com')
    await page.fill('#auth-password', 'second password 2')
    await submit('form button[type=submit]')
    assert.doesNotMatch(page.url(), /\/login$/)
    // The link worked once: a second visit is refused.
    await logout()
    await go(path)
    assert.doesNotMatch(await page.content(), /id="auth-password_confirmation"/)
  })

  test('a form sent without its CSRF token is refused with 419 and changes nothing', async () => {
    await go('/login')
    await page.fill('#auth-email', 'grace@example.com')
    await page.fill('#auth-password', 'second password 2')
    await submit('form button[type=submit]')
    assert.equal(await go('/blog/admin/posts/new'), 200)
    await page.evaluate(() => document.querySelector('input[name="_token"]')?.remove())
    await page.fill('#title', 'Forged without a token')
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.request().method() === 'POST'),
      page.locator('form.post-form button[type=submit]').click(),
    ])
    assert.equal(response.status(), 419)
    await page.waitForLoadState('load')
    await shoot('csrf-refused')
    await go('/blog')
    assert.doesNotMatch(await page.content(), /Forged without a token/)
  })
})
