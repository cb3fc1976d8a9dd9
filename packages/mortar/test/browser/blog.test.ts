// A real browser (Debian's Chromium, headless, driven by playwright-core; never a downloaded one)
// against the real `craft serve` of an app with examples/blog installed and one of its views
// overridden: the welcome page and /blog load with no console errors and no failed requests, the
// package's CSS and JS arrive and take effect, the override shows, and a screenshot is kept in
// test-artifacts/.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { OVERRIDE_MARKER, servedSecurityApp } from '../security/shared_app.js'
import { WORKSPACE } from '../support/temp_app.js'
import { launchChromium, SKIP_WITHOUT_CHROMIUM } from './chromium.js'

const ARTIFACTS = join(WORKSPACE, 'test-artifacts')

/** What one page load did: console errors, failed requests, and every response's URL and status. */
interface Visit {
  errors: string[]
  failed: string[]
  responses: { url: string; status: number }[]
}

async function visit(page: Page, url: string): Promise<Visit> {
  const result: Visit = { errors: [], failed: [], responses: [] }
  const onConsole = (message: import('playwright-core').ConsoleMessage) => {
    if (message.type() === 'error') result.errors.push(message.text())
  }
  const onPageError = (error: Error) => result.errors.push(error.message)
  const onFailed = (request: import('playwright-core').Request) => result.failed.push(`${request.url()} ${request.failure()?.errorText}`)
  const onResponse = (response: import('playwright-core').Response) =>
    result.responses.push({ url: response.url(), status: response.status() })
  page.on('console', onConsole)
  page.on('pageerror', onPageError)
  page.on('requestfailed', onFailed)
  page.on('response', onResponse)
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: 20_000 })
    assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`)
  } finally {
    page.off('console', onConsole)
    page.off('pageerror', onPageError)
    page.off('requestfailed', onFailed)
    page.off('response', onResponse)
  }
  return result
}

function assertClean(visit: Visit, url: string): void {
  assert.deepEqual(visit.errors, [], `console errors on ${url}`)
  assert.deepEqual(visit.failed, [], `failed requests on ${url}`)
  const bad = visit.responses.filter((response) => response.status >= 400)
  assert.deepEqual(bad, [], `error answers on ${url}`)
}

describe('in a real browser', {
  skip: SKIP_WITHOUT_CHROMIUM,
}, () => {
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
  let page: Page
  let baseUrl: string

  before(async () => {
    baseUrl = (await servedSecurityApp()).url
    browser = await launchChromium({ width: 1024, height: 700 })
    page = browser.page
  })
  after(async () => {
    await browser?.close()
  })

  test('the welcome page loads with no console errors and no failed requests', async () => {
    const result = await visit(page, `${baseUrl}/`)
    assertClean(result, '/')
    assert.match((await page.locator('h1').textContent()) ?? '', /\S/)
    assert.match((await page.locator('main').textContent()) ?? '', /Your Mortar application is running/)
    assert.match((await page.locator('main').textContent()) ?? '', /blog\s+mortar-blog/)
    assert.ok(
      result.responses.some((response) => response.url.endsWith('/css/app.css') && response.status === 200),
      'the app stylesheet loaded',
    )
  })

  test('the blog page: its CSS and JS load and take effect, the overridden view shows, a screenshot is saved', async () => {
    const result = await visit(page, `${baseUrl}/blog`)
    assertClean(result, '/blog')
    for (const asset of ['/vendor/blog/blog.css', '/vendor/blog/blog.js']) {
      assert.ok(
        result.responses.some((response) => response.url === `${baseUrl}${asset}` && response.status === 200),
        `${asset} was fetched: ${JSON.stringify(result.responses)}`,
      )
    }
    // The script ran…
    await page.waitForFunction(() => document.documentElement.dataset.blog === 'ready', undefined, { timeout: 5000 })
    // …and the stylesheet applied: .blog { max-width: 42rem; font-family Georgia } and the header link colour.
    const style = await page.evaluate(() => {
      const body = getComputedStyle(document.body)
      const link = document.querySelector('header a')
      return { maxWidth: body.maxWidth, font: body.fontFamily, link: link ? getComputedStyle(link).color : '' }
    })
    assert.equal(style.maxWidth, '672px')
    assert.match(style.font, /Georgia/)
    assert.equal(style.link, 'rgb(138, 59, 18)')
    // The app's copy of blog:posts.index (templates/vendor/blog/posts/index.edge) is the one rendered.
    assert.equal(await page.locator('p.override').textContent(), OVERRIDE_MARKER)

    mkdirSync(ARTIFACTS, { recursive: true })
    const file = join(ARTIFACTS, 'blog-page.png')
    await page.screenshot({ path: file, fullPage: true })
    assert.ok(existsSync(file))
  })
})
