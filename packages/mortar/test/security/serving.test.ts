// Serving files: `public/` and `/vendor/<name>/` answer only with files inside their own folder.
// Every escape (encoded, double-encoded, backslash, null byte, overlong UTF-8, links) is a 404
// and the planted secret never appears, over a real socket (raw requests, so no client tidies
// the path) and in-process; a package's URL space serves only its own assets folder.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { resolveInside } from '../../src/http/static_files.js'
import { SECRET, securityApp, servedSecurityApp } from './shared_app.js'
import { rawGet } from './support.js'

/** Request targets that try to leave `public/` (the secret is in the app root and above it). */
const PUBLIC_ESCAPES = [
  '/../secret.txt',
  '/../../secret.txt',
  '/..%2fsecret.txt',
  '/..%2Fsecret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/%2e%2e/%2e%2e/secret.txt',
  '/.%2e/secret.txt',
  '/%252e%252e/secret.txt',
  '/%252e%252e%252fsecret.txt',
  '/..%252fsecret.txt',
  '/%25252e%25252e%25252fsecret.txt',
  '/..%5csecret.txt',
  '/..%5Csecret.txt',
  '/%5c..%5csecret.txt',
  '/%2e%2e%5csecret.txt',
  '/css/..%5c..%5csecret.txt',
  '/css/../../secret.txt',
  '/css/..%2f..%2fsecret.txt',
  '/secret.txt%00',
  '/secret.txt%00.css',
  '/%00/../secret.txt',
  '/..%00/secret.txt',
  '/%c0%ae%c0%ae/secret.txt',
  '/..%c0%afsecret.txt',
  '/%e0%80%ae%e0%80%ae/secret.txt',
  '/leak.txt',
  '/up/secret.txt',
  '/up/public/leak.txt',
  '/up/.env',
  '/.env',
  '/%2eenv',
  '/up/config/app.ts',
  '//secret.txt',
  '///..//secret.txt',
  'http://127.0.0.1/../secret.txt',
  'http://127.0.0.1/%2e%2e/secret.txt',
]

/** Targets that try to leave a package's assets folder, or reach another package's through it. */
const VENDOR_ESCAPES = [
  '/vendor/blog/../package.json',
  '/vendor/blog/..%2fpackage.json',
  '/vendor/blog/%2e%2e/package.json',
  '/vendor/blog/%2e%2e%2fpackage.json',
  '/vendor/blog/%252e%252e%252fpackage.json',
  '/vendor/blog/..%5cpackage.json',
  '/vendor/blog/..%5c..%5c..%5csecret.txt',
  '/vendor/blog/..%2f..%2f..%2f..%2fsecret.txt',
  '/vendor/blog/blog.css%00',
  '/vendor/blog/blog.css%00.js',
  '/vendor/blog/%c0%ae%c0%ae/package.json',
  '/vendor/blog%2f..%2f..%2fsecret.txt/x',
  '/vendor/..%2fsecret.txt/x',
  '/vendor/%2e%2e/secret.txt',
  '/vendor/%2e%2e%2f%2e%2e/secret.txt',
  '/vendor/blog/',
  '/vendor/blog',
  '/vendor/Blog/blog.css',
  // alpha's assets folder links to beta's folder, to a file of beta's and to the secret.
  '/vendor/alpha/beta-folder/same.css',
  '/vendor/alpha/beta-folder/only-beta.css',
  '/vendor/alpha/only-beta.css',
  '/vendor/alpha/secret.css',
  '/vendor/alpha/..%2fbeta%2fassets%2fsame.css',
  '/vendor/alpha/..%2f..%2fbeta%2fassets%2fonly-beta.css',
  '/vendor/alpha%2f..%2fbeta/only-beta.css',
]

/** Strings from files that must never be served: the secret, the app's .env and config, package.json files. */
const NEVER = [SECRET, 'APP_NAME=', "env('APP_NAME'", '"name": "mortar-blog"', '"name": "mortar-beta"', 'export default class']

function assertNothingLeaked(target: string, body: string): void {
  for (const text of NEVER)
    assert.ok(!body.includes(text), `${JSON.stringify(target)} served ${JSON.stringify(text)}:\n${body.slice(0, 300)}`)
}

describe('serving files: public/ and /vendor/<name>/ stay inside their folders', () => {
  let port: number
  let testApp: TestApp

  before(async () => {
    const app = await securityApp()
    port = Number(new URL((await servedSecurityApp()).url).port)
    testApp = await createTestApp({ root: app.root })
  })
  after(() => testApp?.close())

  test('over a raw socket, every escape from public/ is a 404 (or 400 from the HTTP parser) and leaks nothing', async () => {
    for (const target of PUBLIC_ESCAPES) {
      const answer = await rawGet(port, target)
      assert.ok(answer.status === 404, `${JSON.stringify(target)} answered ${answer.status}`)
      assertNothingLeaked(target, answer.body)
    }
    // A raw backslash or NUL byte never reaches Mortar: Node's parser refuses the request line.
    for (const target of ['/..\\secret.txt', '/..\\..\\secret.txt', '/\\..\\secret.txt', '/secret.txt\u0000']) {
      const answer = await rawGet(port, target)
      assert.ok([400, 404].includes(answer.status), `${JSON.stringify(target)} answered ${answer.status}`)
      assertNothingLeaked(target, answer.body)
    }
  })

  test('over a raw socket, every escape from a package assets folder is a 404 and leaks nothing', async () => {
    for (const target of VENDOR_ESCAPES) {
      const answer = await rawGet(port, target)
      assert.equal(answer.status, 404, `${JSON.stringify(target)} answered ${answer.status}`)
      assertNothingLeaked(target, answer.body)
      assert.ok(!answer.body.includes('/* beta */') && !answer.body.includes('/* only beta */'), `${target} served beta's asset`)
    }
  })

  test('/vendor/<name>/ serves only that package’s folder: same file name, own content; no shadowing', async () => {
    const alpha = await rawGet(port, '/vendor/alpha/same.css')
    const beta = await rawGet(port, '/vendor/beta/same.css')
    assert.equal(alpha.status, 200)
    assert.equal(alpha.body, '/* alpha */\n')
    assert.equal(beta.status, 200)
    assert.equal(beta.body, '/* beta */\n')
    assert.equal((await rawGet(port, '/vendor/beta/only-beta.css')).body, '/* only beta */\n')
    const blog = await rawGet(port, '/vendor/blog/blog.css')
    assert.equal(blog.status, 200)
    assert.match(blog.body, /\.blog \{/)
  })

  test('in-process, the same escapes are 404s with nothing leaked', async () => {
    for (const target of [...PUBLIC_ESCAPES, ...VENDOR_ESCAPES]
      // `//x` would be read as a host name by the URL parser: only the socket tests send those.
      .filter((t) => t.startsWith('/') && !t.startsWith('//'))) {
      const response = await testApp.get(target)
      assert.equal(response.status, 404, `${JSON.stringify(target)} answered ${response.status} in-process`)
      assertNothingLeaked(target, response.text)
    }
    ;(await testApp.get('/vendor/alpha/same.css')).assertOk().assertSee('/* alpha */')
    ;(await testApp.get('/vendor/beta/same.css')).assertOk().assertSee('/* beta */')
  })
})

describe('resolveInside: a URL path maps to a real file inside the folder, or to nothing', () => {
  const base = mkdtempSync(join(tmpdir(), 'mortar-resolve-'))
  const root = join(base, 'public')
  after(() => rmSync(base, { recursive: true, force: true }))
  mkdirSync(join(root, 'css'), { recursive: true })
  mkdirSync(join(base, 'public-sibling'))
  writeFileSync(join(root, 'css', 'app.css'), 'ok')
  writeFileSync(join(root, 'ünï code.txt'), 'ok')
  writeFileSync(join(base, 'secret.txt'), SECRET)
  writeFileSync(join(base, 'public-sibling', 'x.txt'), SECRET)
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'))
  symlinkSync(base, join(root, 'up'), 'dir')
  symlinkSync(join(root, 'css', 'app.css'), join(root, 'inner-link.css'))

  test('paths the kernel may hand it after any decoding are refused', async () => {
    const refused = [
      '/../secret.txt',
      '/css/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/..%5csecret.txt',
      '/secret.txt\u0000',
      '/secret.txt%00',
      '/%c0%ae%c0%ae/secret.txt',
      '/%',
      '/%zz',
      '/link.txt',
      '/up/secret.txt',
      '/../public-sibling/x.txt',
      '/..%2fpublic-sibling/x.txt',
      '/css',
      '/',
      '',
      '/.hidden',
      '/./css/app.css',
    ]
    for (const path of refused) assert.equal(await resolveInside(root, path), undefined, JSON.stringify(path))
  })

  test('ordinary files, encoded names and links that stay inside are served', async () => {
    assert.equal(await resolveInside(root, '/css/app.css'), join(root, 'css', 'app.css'))
    assert.equal(await resolveInside(root, '//css//app.css'), join(root, 'css', 'app.css'))
    assert.equal(await resolveInside(root, '/%C3%BCn%C3%AF%20code.txt'), join(root, 'ünï code.txt'))
    assert.equal(await resolveInside(root, '/inner-link.css'), join(root, 'css', 'app.css'))
  })
})
