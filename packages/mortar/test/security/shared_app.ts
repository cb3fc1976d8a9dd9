// One application shared by the serving, load and browser tests (made once per test process,
// read-only once made): examples/blog installed and migrated, its posts view overridden by the
// app, two fixture packages (alpha, beta) whose assets try to reach each other, a secret planted
// next to public/, links out of public/, and a route that throws. Served by the real
// `APP_ENV=production craft serve --no-reload`, stopped after the whole run.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after } from 'node:test'
import { BLOG, createTempApp, removeTempApp, type ServedApp, serveApp } from '../support/temp_app.js'
import { craftAsync, linkPackage, writePackage, writeTree } from './support.js'

/** Text no answer may ever contain: it lives outside every served folder. */
export const SECRET = 'TOP-SECRET-7f3a9c-never-served'

/** The marker the app's override of `blog:posts.index` shows. */
export const OVERRIDE_MARKER = 'Overridden by the app: latest writing'

export interface SecurityApp {
  root: string
  /** The folder the app lives in (`<tmp>/mortar-security-xxxx`); it holds the planted secret. */
  outside: string
  alpha: string
  beta: string
}

let made: Promise<SecurityApp> | undefined
let served: Promise<ServedApp> | undefined

after(async () => {
  const server = await served?.catch(() => undefined)
  await server?.stop()
  const app = await made?.catch(() => undefined)
  if (app) removeTempApp(app.root)
})

/** The shared app, made on first use. */
export function securityApp(): Promise<SecurityApp> {
  made ??= makeApp()
  return made
}

/** The shared app served in production mode on a free port, started on first use. */
export function servedSecurityApp(): Promise<ServedApp> {
  // APP_DEBUG unset, as `npm start` of a new app runs: production must hide error details by default.
  served ??= securityApp().then((app) => serveApp(app.root, { env: { APP_ENV: 'production', APP_DEBUG: '' }, args: ['--no-reload'] }))
  return served
}

async function makeApp(): Promise<SecurityApp> {
  const root = createTempApp({ packages: [BLOG], name: 'security' })
  const outside = join(root, '..')

  // The secret sits next to public/ (in the app root) and next to the app (outside it).
  writeFileSync(join(root, 'secret.txt'), SECRET)
  writeFileSync(join(outside, 'secret.txt'), SECRET)
  writeFileSync(join(root, 'public', '.env'), `TOKEN=${SECRET}\n`)
  // Links out of public/: a file link and a folder link.
  symlinkSync(join(root, 'secret.txt'), join(root, 'public', 'leak.txt'))
  symlinkSync(root, join(root, 'public', 'up'), 'dir')

  // alpha's assets try to reach beta's (a folder link and a file link) and the secret.
  const beta = writePackage(join(outside, 'packages', 'beta'), {
    npmName: 'mortar-beta',
    configure: "this.root(import.meta.url).name('beta').assets('assets')",
    files: { 'assets/same.css': '/* beta */\n', 'assets/only-beta.css': '/* only beta */\n' },
  })
  const alpha = writePackage(join(outside, 'packages', 'alpha'), {
    npmName: 'mortar-alpha',
    configure: "this.root(import.meta.url).name('alpha').assets('assets')",
    files: { 'assets/same.css': '/* alpha */\n' },
  })
  symlinkSync(join(beta, 'assets'), join(alpha, 'assets', 'beta-folder'), 'dir')
  symlinkSync(join(beta, 'assets', 'only-beta.css'), join(alpha, 'assets', 'only-beta.css'))
  symlinkSync(join(outside, 'secret.txt'), join(alpha, 'assets', 'secret.css'))
  linkPackage(root, alpha)
  linkPackage(root, beta)

  // The app overrides one view of the blog package, and has a route that throws.
  const original = readFileSync(join(BLOG, 'templates', 'posts', 'index.edge'), 'utf8')
  writeTree(root, {
    'templates/vendor/blog/posts/index.edge': original.replace(
      '<h1>{{ title }}</h1>',
      `<h1>{{ title }}</h1>\n  <p class="override">${OVERRIDE_MARKER}</p>`,
    ),
    'routes/web.ts': `import { Route } from 'mortar'

export default [
  Route.get('/', 'WelcomeController@show').name('welcome'),
  Route.get('/boom', () => {
    throw new Error('kaboom from a handler')
  }).name('boom'),
]
`,
  })
  mkdirSync(join(root, 'storage'), { recursive: true })
  const migrated = await craftAsync(root, ['migrate'], { timeout: 60_000 })
  if (migrated.code !== 0) throw new Error(`craft migrate failed in the security app:\n${migrated.stdout}${migrated.stderr}`)
  return { root, outside, alpha, beta }
}
