// paginate() over a Kysely select, on SQLite and PostgreSQL: one page of rows, the total of the
// whole query (also a distinct one), links that keep the request's other query values, the JSON
// an api route answers and the mortar:pagination component's accessible links.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import pg from 'pg'
import { writeFiles } from '../core/support.js'
import { createTempApp, removeTempApp } from '../support/temp_app.js'
import { POSTGRES_URL } from './migrator_suite.js'

const FILES: Record<string, string> = {
  'databases/migrations/2026_01_01_000000_create_posts_table.ts': `import type { Kysely } from 'kysely'
export async function up(db: Kysely<any>) {
  await db.schema.createTable('posts')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('author', 'varchar(200)', (c) => c.notNull())
    .execute()
}
export async function down(db: Kysely<any>) { await db.schema.dropTable('posts').execute() }
`,
  'routes/web.ts': `import { db, paginate, Route, view } from 'mortar'

export default [
  Route.get('/posts', async () => {
    const posts = await paginate(db().selectFrom('posts').selectAll().orderBy('id'), { perPage: 5 })
    return view('posts', { posts })
  }).name('posts.index'),
]
`,
  'routes/api.ts': `import { db, paginate, Route } from 'mortar'

export default [
  Route.get('/posts', (ctx) => paginate(db().selectFrom('posts').select(['id', 'title']).orderBy('id'), { perPage: 5, ctx })),
  Route.get('/authors', (ctx) =>
    paginate(db().selectFrom('posts').select('author').distinct().orderBy('author'), { page: ctx.query.p, perPage: 2, ctx }),
  ),
]
`,
  'templates/posts.edge': `<ul>
@each(post in posts.data)
  <li>{{ post.title }}</li>
@end
</ul>
@!component('mortar:pagination', { paginator: posts })
`,
}

function paginateSuite(engine: 'sqlite' | 'postgres'): void {
  describe(`paginate() on ${engine}`, () => {
    let root: string
    let app: TestApp
    const schema = `mortar_paginate_${randomBytes(5).toString('hex')}`

    before(async () => {
      root = createTempApp({ name: `paginate-${engine}` })
      writeFiles(root, FILES)
      const config = engine === 'postgres' ? { database: { url: POSTGRES_URL, schema } } : {}
      app = await createTestApp({ root, config })
      const rows = Array.from({ length: 12 }, (_, index) => ({ id: index + 1, title: `Post ${index + 1}`, author: `author-${index % 3}` }))
      await app.app.database.kysely.insertInto('posts').values(rows).execute()
    })

    after(async () => {
      await app?.close()
      if (engine === 'postgres') {
        const client = new pg.Client({ connectionString: POSTGRES_URL })
        await client.connect()
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        await client.end()
      }
      removeTempApp(root)
    })

    it('answers one page with meta and links built from the request, keeping its other query values', async () => {
      const response = (await app.get('/api/posts?sort=new&page=2')).assertOk()
      const body = response.json()
      assert.deepEqual(
        body.data.map((row: { id: number }) => row.id),
        [6, 7, 8, 9, 10],
      )
      assert.deepEqual(body.meta, { total: 12, page: 2, perPage: 5, lastPage: 3 })
      const page = (link: string | null) => (link === null ? null : new URL(link).searchParams.get('page'))
      assert.deepEqual([body.links.first, body.links.prev, body.links.next, body.links.last].map(page), ['1', '1', '3', '3'])
      assert.equal(new URL(body.links.next).searchParams.get('sort'), 'new')
      assert.equal(new URL(body.links.next).pathname, '/api/posts')
    })

    it('has no prev on the first page and no next on the last; a bad page is the first', async () => {
      const first = (await app.get('/api/posts?page=abc')).json()
      assert.equal(first.meta.page, 1)
      assert.equal(first.links.prev, null)
      assert.equal(first.data.length, 5)
      const last = (await app.get('/api/posts?page=3')).json()
      assert.deepEqual(
        last.data.map((row: { id: number }) => row.id),
        [11, 12],
      )
      assert.equal(last.links.next, null)
      const beyond = (await app.get('/api/posts?page=9')).json()
      assert.deepEqual(beyond.data, [])
      assert.equal(new URL(beyond.links.prev).searchParams.get('page'), '3')
    })

    it('counts the whole query, a distinct one too', async () => {
      const authors = (await app.get('/api/authors?p=2')).json()
      assert.deepEqual(authors.meta, { total: 3, page: 2, perPage: 2, lastPage: 2 })
      assert.deepEqual(authors.data, [{ author: 'author-2' }])
    })

    it('renders mortar:pagination as an accessible nav of links', async () => {
      const page = (await app.get('/posts?page=2')).assertOk()
      page.assertSee('<li>Post 6</li>').assertDontSee('<li>Post 5</li>')
      assert.match(page.text, /<nav class="pagination" aria-label="Pagination">/)
      assert.match(page.text, /<a href="[^"]*\/posts\?page=2" aria-current="page">2<\/a>/)
      assert.match(page.text, /<a href="[^"]*\/posts\?page=3" rel="next">Next<\/a>/)
      assert.match(page.text, /<a href="[^"]*\/posts\?page=1" rel="prev">Previous<\/a>/)
    })

    it('renders no nav when everything fits on one page', async () => {
      await app.app.database.kysely.deleteFrom('posts').where('id', '>', 3).execute()
      const page = (await app.get('/posts')).assertOk()
      page.assertSee('<li>Post 3</li>').assertDontSee('<nav')
      const json = (await app.get('/api/posts')).json()
      assert.deepEqual(json.meta, { total: 3, page: 1, perPage: 5, lastPage: 1 })
      assert.equal(json.links.next, null)
    })
  })
}

paginateSuite('sqlite')
paginateSuite('postgres')
