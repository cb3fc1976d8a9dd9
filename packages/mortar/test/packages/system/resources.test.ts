// examples/blog installed in a temp app: every resource used in place, then published and
// changed by the app (SPEC §3), through the real craft and HTTP (in-process).
import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { BLOG, craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { writeTree } from './support.js'

const T = { timeout: 30_000 }

const PACKAGE_DEFAULTS = { title: 'The Blog', per_page: 10, tags: ['news', 'release'], feed: { enabled: true, title: 'Latest posts' } }

function ok(app: string, args: string[]): string {
  const run = craft(app, args, T)
  assert.equal(run.code, 0, `craft ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`)
  return run.stdout
}

/** A copy of the app in a new temp folder (same depth, so node_modules links still resolve). */
function cloneApp(app: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'mortar-blog-clone-')), 'app')
  cpSync(app, root, { recursive: true, verbatimSymlinks: true })
  return root
}

describe('examples/blog in an app: each resource in place, then published', { timeout: 300_000 }, () => {
  let app: string
  let fresh: TestApp
  const clones: string[] = []

  before(async () => {
    app = createTempApp({ name: 'blog', packages: [BLOG] })
    writeTree(app, {
      'app/commands/show_config.ts': `import { Command, config } from 'mortar'

export class ShowConfig extends Command {
  static signature = 'app:config {key}'
  static description = 'Print a config value as JSON'
  handle() {
    this.line(JSON.stringify(config(this.argument('key'))))
  }
}
`,
      'posts.csv': 'First post,Hello there\nSecond post,More words, with a comma\n',
    })
    fresh = await createTestApp({ root: app })
  })

  after(async () => {
    await fresh?.close()
    removeTempApp(app)
    for (const clone of clones) removeTempApp(clone)
  })

  it('config: config("blog.*") gives the package defaults', async () => {
    assert.deepEqual(JSON.parse(ok(app, ['app:config', 'blog'])), PACKAGE_DEFAULTS)
    assert.equal(fresh.config('blog.per_page'), 10)
  })

  it('views: the package view renders, with its layout, assets and route() links', async () => {
    const page = (await fresh.get('/blog')).assertOk()
    page.assertSee('<h1>The Blog</h1>').assertSee('No posts yet.').assertSee('Tags: news, release')
    page.assertSee('href="/vendor/blog/blog.css"').assertSee('<header><a href="/blog">The Blog</a></header>')
  })

  it("web and api routes answer through the package's string-resolved controllers, a created post with 201", async () => {
    const created = (await fresh.post('/api/blog/posts', { json: { title: 'Hello <world>', body: 'First' } })).assertCreated()
    const id = created.json().data.id
    created.assertJson({ data: { title: 'Hello <world>', body: 'First' } })
    ;(await fresh.get('/api/blog/posts')).assertOk().assertJsonPath('data.0.id', id)
    const show = (await fresh.get(`/blog/posts/${id}`)).assertOk()
    show.assertSee('<h1>Hello &lt;world&gt;</h1>')
    ;(await fresh.get('/blog')).assertSee(`href="/blog/posts/${id}"`)
    ;(await fresh.post('/api/blog/posts', { json: { body: 'no title' } }))
      .assertStatus(422)
      .assertJson({ errors: { title: 'A title is required' } })
    // An error on a web route of the package is a page; on its api routes, JSON.
    const missing = (await fresh.get('/blog/posts/999')).assertNotFound()
    assert.match(missing.headers.get('content-type') ?? '', /text\/html/)
  })

  it('assets: served at /vendor/blog/<path> straight from the package, never outside its folder', async () => {
    const css = (await fresh.get('/vendor/blog/blog.css')).assertOk().assertHeader('etag')
    assert.equal(css.text, readFileSync(join(BLOG, 'assets/blog.css'), 'utf8'))
    assert.match(css.headers.get('content-type') ?? '', /text\/css/)
    ;(await fresh.get('/vendor/blog/blog.js')).assertOk()
    ;(await fresh.get('/vendor/blog/missing.css')).assertNotFound()
    ;(await fresh.get('/vendor/nobody/blog.css')).assertNotFound()
    for (const path of [
      '/vendor/blog/..%2Fpackage.json',
      '/vendor/blog/%2e%2e/package.json',
      '/vendor/blog/..%2F..%2Fpackage.json',
      '/vendor/blog/..%5Cpackage.json',
    ]) {
      ;(await fresh.get(path)).assertNotFound().assertDontSee('mortar-blog')
    }
  })

  it('routes: craft routes:list shows each package route with its handler, middleware group and source', () => {
    const rows = ok(app, ['routes:list'])
      .trim()
      .split('\n')
      .map((line) => line.split(/\s{2,}/))
    assert.deepEqual(rows[0], ['Method', 'Path', 'Name', 'Handler', 'Middleware', 'Source'])
    const blog = rows.filter((row) => row.at(-1) === 'blog')
    assert.deepEqual(blog, [
      ['GET', '/blog', 'blog.index', 'PostController@index', 'web[session, csrf]', 'blog'],
      ['GET', '/blog/posts/:id', 'blog.posts.show', 'PostController@show', 'web[session, csrf]', 'blog'],
      ['GET', '/blog/admin', 'blog.admin.index', 'AdminController@index', 'web[session, csrf]', 'blog'],
      ['GET', '/blog/admin/posts/new', 'blog.admin.create', 'AdminController@create', 'web[session, csrf]', 'blog'],
      ['POST', '/blog/admin/posts', 'blog.admin.store', 'AdminController@store', 'web[session, csrf]', 'blog'],
      ['GET', '/blog/admin/posts/:id/edit', 'blog.admin.edit', 'AdminController@edit', 'web[session, csrf]', 'blog'],
      ['PUT', '/blog/admin/posts/:id', 'blog.admin.update', 'AdminController@update', 'web[session, csrf]', 'blog'],
      ['DELETE', '/blog/admin/posts/:id', 'blog.admin.destroy', 'AdminController@destroy', 'web[session, csrf]', 'blog'],
      ['GET', '/api/blog/posts', 'blog.api.posts.index', 'PostController@list', 'api', 'blog'],
      ['POST', '/api/blog/posts', 'blog.api.posts.store', 'PostController@store', 'api', 'blog'],
    ])
    assert.ok(rows.some((row) => row[1] === '/' && row.at(-1) === 'app'))
  })

  it("migrations: craft migrate runs them from the package, recorded as the package's, once", () => {
    const first = ok(app, ['migrate'])
    assert.match(first, /migrated\s+blog: create_posts_table\nmigrated\s+blog: create_tags_table/)
    assert.equal(ok(app, ['migrate']).trim(), 'Nothing to migrate.')
    const status = ok(app, ['migrate:status'])
    assert.match(status, /ran\s+blog\s+create_posts_table\s+1\s+\S*examples\/blog\/migrations\/create_posts_table\.ts/)
    assert.match(status, /ran\s+blog\s+create_tags_table\s+1\s+\S*examples\/blog\/migrations\/create_tags_table\.ts/)
  })

  it('commands: blog:import is listed with its package, has help, and runs', () => {
    assert.match(ok(app, ['list']), /^\s+blog:import\s+Import posts from a CSV file \[package blog\]$/m)
    const help = ok(app, ['help', 'blog:import'])
    assert.match(help, /craft blog:import <file> \[--author <value>\] \[--dry\]/)
    assert.match(help, /From package blog\./)
    const dry = ok(app, ['blog:import', 'posts.csv', '--dry'])
    assert.match(dry, /Importing 2 post\(s\) from posts\.csv \(dry run\)\nImported 0 post\(s\)/)
    assert.match(ok(app, ['blog:import', 'posts.csv']), /Imported 2 post\(s\)/)
  })

  it('config: after publishing and editing config/blog.ts, the app wins, arrays are replaced, objects merged', async () => {
    assert.match(ok(app, ['package:publish', 'blog', '--resources', 'config']), /^written\s+config\/blog\.ts$/m)
    // The published file is the package's, comments included, ready to edit.
    assert.equal(readFileSync(join(app, 'config/blog.ts'), 'utf8'), readFileSync(join(BLOG, 'config/blog.ts'), 'utf8'))
    writeFileSync(join(app, 'config/blog.ts'), "export default {\n  per_page: 3,\n  tags: ['mine'],\n  feed: { title: 'My feed' },\n}\n")

    const merged = { title: 'The Blog', per_page: 3, tags: ['mine'], feed: { enabled: true, title: 'My feed' } }
    assert.deepEqual(JSON.parse(ok(app, ['app:config', 'blog'])), merged)
    const edited = await createTestApp({ root: app })
    try {
      assert.deepEqual(edited.config('blog'), merged)
      ;(await edited.get('/blog')).assertOk().assertSee('Tags: mine').assertDontSee('news')
    } finally {
      await edited.close()
    }
  })

  it("views: the app's copy of one view wins; the other views still come from the package", async () => {
    const out = ok(app, ['package:publish', 'blog', '--resources', 'views'])
    for (const view of ['components/layout.edge', 'posts/index.edge', 'posts/show.edge']) {
      assert.match(out, new RegExp(`^written\\s+templates/vendor/blog/${view}$`, 'm'))
    }
    // Keep one view and change it; the app does not want its own copy of the others.
    const index = join(app, 'templates/vendor/blog/posts/index.edge')
    writeFileSync(index, readFileSync(index, 'utf8').replace('<h1>{{ title }}</h1>', '<h1 class="mine">Our news: {{ title }}</h1>'))
    rmSync(join(app, 'templates/vendor/blog/components/layout.edge'))
    rmSync(join(app, 'templates/vendor/blog/posts/show.edge'))

    ;(await fresh.get('/blog')).assertOk().assertSee('<h1 class="mine">Our news: The Blog</h1>').assertSee('<body class="blog">')
    const [post] = (await fresh.get('/api/blog/posts')).json().data
    const show = (await fresh.get(`/blog/posts/${post.id}`)).assertOk()
    show.assertSee('<body class="blog">').assertDontSee('class="mine"')
  })

  it('assets: the published copy wins', async () => {
    const out = ok(app, ['package:publish', 'blog', '--resources', 'assets'])
    assert.match(out, /^written\s+public\/vendor\/blog\/blog\.css$/m)
    assert.match(out, /^written\s+public\/vendor\/blog\/blog\.js$/m)
    writeFileSync(join(app, 'public/vendor/blog/blog.css'), '.blog { color: rebeccapurple; }\n')
    ;(await fresh.get('/vendor/blog/blog.css')).assertOk().assertSee('rebeccapurple')
    rmSync(join(app, 'public/vendor/blog/blog.js'))
    ;(await fresh.get('/vendor/blog/blog.js')).assertOk().assertSee("dataset.blog = 'ready'")
  })

  it('migrations: after publishing they are still applied once, also when published again', () => {
    const out = ok(app, ['package:publish', 'blog', '--resources', 'migrations'])
    assert.match(out, /^written\s+databases\/migrations\/\d{4}_\d\d_\d\d_\d{6}_create_posts_table\.ts$/m)
    const published = () => readdirSync(join(app, 'databases/migrations')).filter((name) => name.endsWith('.ts'))
    const files = published()
    assert.equal(files.length, 2)
    const copy = readFileSync(join(app, 'databases/migrations', files.find((f) => f.includes('posts')) as string), 'utf8')
    assert.match(copy.split('\n')[0] ?? '', /^\/\/ mortar:published blog migrations\/create_posts_table\.ts$/)

    assert.equal(ok(app, ['migrate']).trim(), 'Nothing to migrate.')
    assert.equal(ok(app, ['migrate']).trim(), 'Nothing to migrate.')
    const status = ok(app, ['migrate:status'])
    assert.match(status, /ran\s+blog\s+create_posts_table\s+1\s+databases\/migrations\/\S+_create_posts_table\.ts \(published copy\)/)
    assert.match(status, /ran\s+blog\s+create_tags_table\s+1\s+databases\/migrations\/\S+_create_tags_table\.ts \(published copy\)/)

    assert.match(ok(app, ['package:publish', 'blog', '--resources', 'migrations']), /0 written, 2 unchanged, 0 skipped\./)
    assert.deepEqual(published(), files)
    // From scratch, each runs once, from the published copy.
    const freshRun = ok(app, ['migrate:fresh'])
    assert.equal(freshRun.match(/create_posts_table/g)?.length, 1)
    assert.equal(freshRun.match(/create_tags_table/g)?.length, 1)
  })

  it('package:list shows what is published, per resource', () => {
    const [row] = JSON.parse(ok(app, ['package:list', '--json']))
    assert.deepEqual(row.published, { config: 1, views: 5, assets: 2, migrations: 2 })
    assert.match(
      ok(app, ['package:list']),
      /^blog\s+mortar-blog\s+1\.0\.0 \(linked\)\s+.+\s{2}config\(1\), migrations\(2\), assets\(2\), views\(5\)$/m,
    )
  })

  it("routes: the app mounts the package's routes under a prefix, without editing the package", async () => {
    const clone = cloneApp(app)
    clones.push(clone)
    writeFileSync(join(clone, 'config/providers.ts'), "export default { packages: { blog: { routes: { prefix: '/x' } } } }\n")
    const routes = JSON.parse(ok(clone, ['routes:list', '--json'])).filter((route: { source: string }) => route.source === 'blog')
    assert.deepEqual(
      routes.map((route: { method: string; path: string; name: string }) => `${route.method} ${route.path} ${route.name}`),
      [
        'GET /x/blog blog.index',
        'GET /x/blog/posts/:id blog.posts.show',
        'GET /x/blog/admin blog.admin.index',
        'GET /x/blog/admin/posts/new blog.admin.create',
        'POST /x/blog/admin/posts blog.admin.store',
        'GET /x/blog/admin/posts/:id/edit blog.admin.edit',
        'PUT /x/blog/admin/posts/:id blog.admin.update',
        'DELETE /x/blog/admin/posts/:id blog.admin.destroy',
        'GET /x/api/blog/posts blog.api.posts.index',
        'POST /x/api/blog/posts blog.api.posts.store',
      ],
    )
    const mounted = await createTestApp({ root: clone })
    try {
      ;(await mounted.get('/blog')).assertNotFound()
      ;(await mounted.post('/x/api/blog/posts', { json: { title: 'Mounted' } })).assertCreated()
      // The package's own links follow the mount.
      ;(await mounted.get('/x/blog')).assertOk().assertSee('Mounted').assertSee('href="/x/blog/posts/1"')
      ;(await mounted.get('/x/blog/posts/1')).assertOk().assertSee('<h1>Mounted</h1>')
    } finally {
      await mounted.close()
    }
  })

  it("routes: a name prefix for the mount keeps the package's own route() links working", async () => {
    // The hint of E_ROUTE_NAME_DUPLICATE suggests a name prefix; the package's views must still render.
    const clone = cloneApp(app)
    clones.push(clone)
    writeFileSync(join(clone, 'config/providers.ts'), "export default { packages: { blog: { routes: { prefix: '/x', name: 'x.' } } } }\n")
    const names = JSON.parse(ok(clone, ['routes:list', '--json']))
      .filter((route: { source: string }) => route.source === 'blog')
      .map((route: { name: string }) => route.name)
    assert.deepEqual(names, [
      'x.blog.index',
      'x.blog.posts.show',
      'x.blog.admin.index',
      'x.blog.admin.create',
      'x.blog.admin.store',
      'x.blog.admin.edit',
      'x.blog.admin.update',
      'x.blog.admin.destroy',
      'x.blog.api.posts.index',
      'x.blog.api.posts.store',
    ])
    const mounted = await createTestApp({ root: clone })
    try {
      assert.equal(mounted.app.routes.url('x.blog.posts.show', { id: 4 }), '/x/blog/posts/4')
      ;(await mounted.get('/x/blog')).assertOk().assertSee('<header><a href="/x/blog">')
    } finally {
      await mounted.close()
    }
  })

  it("routes: the app leaves the package's routes out; its other resources stay", async () => {
    const clone = cloneApp(app)
    clones.push(clone)
    writeFileSync(join(clone, 'config/providers.ts'), 'export default { packages: { blog: { routes: false } } }\n')
    const routes = JSON.parse(ok(clone, ['routes:list', '--json']))
    assert.deepEqual(
      routes.filter((route: { source: string }) => route.source === 'blog'),
      [],
    )
    assert.match(ok(clone, ['list']), /blog:import/)
    const without = await createTestApp({ root: clone })
    try {
      ;(await without.get('/blog')).assertNotFound()
      ;(await without.get('/api/blog/posts')).assertNotFound()
      ;(await without.get('/vendor/blog/blog.css')).assertOk()
      assert.equal(without.config('blog.per_page'), 3)
      assert.deepEqual(
        without.app.views.namespaces().map((namespace) => namespace.name),
        // Mortar's own (mortar:pagination) and the blog's.
        ['mortar', 'blog'],
      )
    } finally {
      await without.close()
    }
  })
})
