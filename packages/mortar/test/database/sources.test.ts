import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  appMigrationSource,
  migrationName,
  migrationTimestamp,
  parsePublishedHeader,
  planMigrations,
  publishedMigrationFileName,
  publishedMigrationHeader,
  readPublishedHeader,
  withPublishedHeader,
} from '../../src/database/index.js'
import { writeFileAtomic } from '../../src/support/fs.js'

describe('published migration header', () => {
  it('writes and reads the package and original path', () => {
    const header = publishedMigrationHeader('blog', 'migrations/create_posts_table.ts')
    assert.equal(header, '// mortar:published blog migrations/create_posts_table.ts')
    assert.deepEqual(parsePublishedHeader(`${header}\r\nexport async function up() {}`), {
      package: 'blog',
      path: 'migrations/create_posts_table.ts',
    })
    assert.deepEqual(parsePublishedHeader(`\uFEFF${header}`), { package: 'blog', path: 'migrations/create_posts_table.ts' })
    assert.equal(parsePublishedHeader('// a comment\n// mortar:published blog x.ts'), undefined)
    assert.equal(parsePublishedHeader(''), undefined)
  })

  it('puts the header on a copy once, however often it is published', () => {
    const original = "import type { Kysely } from 'kysely'\n"
    const once = withPublishedHeader(original, 'blog', 'migrations/a.ts')
    assert.equal(once, `// mortar:published blog migrations/a.ts\n${original}`)
    assert.equal(withPublishedHeader(once, 'blog', 'migrations/a.ts'), once)
  })

  it('names published copies by timestamp and original name', () => {
    const date = new Date('2026-01-02T03:04:05Z')
    assert.equal(migrationTimestamp(date), '2026_01_02_030405')
    assert.equal(publishedMigrationFileName('migrations/create_posts_table.ts', date), '2026_01_02_030405_create_posts_table.ts')
    assert.equal(publishedMigrationFileName('dist/migrations/create_posts_table.js', date), '2026_01_02_030405_create_posts_table.js')
    assert.equal(migrationName('/app/databases/migrations/2026_01_02_030405_create_posts_table.ts'), '2026_01_02_030405_create_posts_table')
  })
})

describe('migration sources', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'mortar-db-'))
  })
  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('lists the app migrations by file name, ignoring other files; none without the folder', async () => {
    assert.deepEqual(await appMigrationSource(root), { name: 'app', files: [] })
    for (const name of ['2026_01_02_000000_b.ts', '2026_01_01_000000_a.js', 'types.d.ts', 'README.md', '2026_01_03_000000_C.ts']) {
      await writeFileAtomic(join(root, 'databases/migrations', name), '')
    }
    const source = await appMigrationSource(root)
    assert.deepEqual(
      source.files.map((file) => file.slice(root.length + 1)),
      [
        'databases/migrations/2026_01_01_000000_a.js',
        'databases/migrations/2026_01_02_000000_b.ts',
        'databases/migrations/2026_01_03_000000_C.ts',
      ],
    )
    assert.equal(await readPublishedHeader(source.files[0] as string), undefined)
  })

  it('refuses two copies of one published migration, naming both files', async () => {
    const folder = join(root, 'twice/databases/migrations')
    const header = publishedMigrationHeader('blog', 'migrations/posts.ts')
    await writeFileAtomic(join(folder, '2026_01_01_000000_posts.ts'), `${header}\n`)
    await writeFileAtomic(join(folder, '2026_02_01_000000_posts.ts'), `${header}\n`)
    const app = await appMigrationSource(join(root, 'twice'))
    await assert.rejects(
      planMigrations([{ name: 'blog', files: ['/pkg/migrations/posts.js'] }, app]),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_MIGRATION_INVALID')
        assert.ok(
          error.message.includes('2026_01_01_000000_posts.ts') && error.message.includes('2026_02_01_000000_posts.ts'),
          error.message,
        )
        return true
      },
    )
    await assert.rejects(
      planMigrations([
        { name: 'blog', files: [] },
        { name: 'blog', files: [] },
      ]),
      { code: 'E_MIGRATION_INVALID' },
    )
  })
})
