// The browser every browser test drives: Debian's Chromium (apt-get install -y chromium), headless,
// through playwright-core; never a downloaded browser. The flags keep it off the network (the
// machines reach none) and out of first-run work.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/** The `skip` option of a browser suite: run where Chromium is installed, and always in CI (which installs it). */
export const SKIP_WITHOUT_CHROMIUM = existsSync(CHROMIUM) || process.env.CI ? false : `${CHROMIUM} is missing (apt-get install -y chromium)`

/** A fresh profile's browser and its first page; `close()` ends it and deletes the profile. */
export async function launchChromium(viewport: { width: number; height: number }): Promise<{
  context: BrowserContext
  page: Page
  close: () => Promise<void>
}> {
  const profile = mkdtempSync(join(tmpdir(), 'mortar-chromium-'))
  // A persistent context is how playwright takes a fresh --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport,
    timeout: 30_000,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
