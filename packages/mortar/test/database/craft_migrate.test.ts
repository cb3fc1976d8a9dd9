import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { BLOG, CRAFT_BIN, craft, createTempApp, removeTempApp } from '../support/temp_app.js'
import { POSTGRES_URL } from './migrator_suite.js'

/** Runs `craft migrate` in `count` processes started together; resolves to their outputs. */
function migrateConcurrently(root: string, count: number, env: Record<string, string>): Promise<{ code: number; out: string }[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<{ code: number; out: string }>((resolve) => {
          const child = spawn(process.execPath, [CRAFT_BIN, 'migrate'], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } })
          let out = ''
          child.stdout.on('data', (chunk) => (out += chunk))
          child.stderr.on('data', (chunk) => (out += chunk))
          const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
          child.on('exit', (code) => {
            clearTimeout(timer)
            resolve({ code: code ?? 1, out })
          })
        }),
    ),
  )
}

const APP_MIGRATION = (table: string) => `import type { Kysely } from 'kysely'
export async function up(db: Kysely<any>) {
  await db.schema.createTable('${table}').addColumn('id', 'integer', (c) => c.primaryKey()).execute()
}
export async function down(db: Kysely<any>) {
  await db.schema.dropTable('${table}').execute()
}
`

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`craft migrate through the real command (${dialect})`, () => {
    let root: string
    let env: Record<string, string> = {}
    let database: string | undefined

    before(async () => {
      root = createTempApp({ packages: [BLOG], name: `migrate-${dialect}` })
      writeFileSync(join(root, 'databases/migrations/2026_01_01_000000_create_notes_table.ts'), APP_MIGRATION('notes'))
      writeFileSync(join(root, 'databases/migrations/2026_01_02_000000_create_labels_table.ts'), APP_MIGRATION('labels'))
      if (dialect === 'postgres') {
        database = `mortar_craft_${randomBytes(5).toString('hex')}`
        const client = new pg.Client({ connectionString: POSTGRES_URL })
        await client.connect()
        await client.query(`CREATE DATABASE ${database}`)
        await client.end()
        env = { DATABASE_URL: POSTGRES_URL.replace(/\/[^/]*$/, `/${database}`) }
      }
    })
    after(async () => {
      removeTempApp(root)
      if (database) {
        const client = new pg.Client({ connectionString: POSTGRES_URL })
        await client.connect()
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
        await client.end()
      }
    })

    it('three concurrent craft migrate processes apply each migration once', async () => {
      const runs = await migrateConcurrently(root, 3, env)
      for (const run of runs) assert.equal(run.code, 0, run.out)
      const applied = runs.flatMap((run) => run.out.match(/migrated\s+\S.*$/gm) ?? [])
      // Mortar's own two (the sessions and rate_limits tables), the blog's two and the app's two.
      assert.equal(applied.length, 6, `each migration once in all:\n${runs.map((run) => run.out).join('\n---\n')}`)
      assert.equal(runs.filter((run) => /Nothing to migrate/.test(run.out)).length, 2)
      const status = craft(root, ['migrate:status'], { env })
      assert.equal(status.code, 0, status.stderr)
      assert.equal((status.stdout.match(/^ran /gm) ?? []).length, 6)
      assert.match(status.stdout, /ran\s+mortar\s+create_sessions_table\s+1/)
      assert.match(status.stdout, /ran\s+mortar\s+create_rate_limits_table\s+1/)
      assert.match(status.stdout, /ran\s+blog\s+create_posts_table\s+1/)
      assert.match(status.stdout, /ran\s+app\s+2026_01_02_000000_create_labels_table\s+1/)
    })

    it('rolls back one package, then the last batch, then runs again', () => {
      const blog = craft(root, ['migrate:rollback', '--package', 'blog'], { env })
      assert.equal(blog.code, 0, blog.stderr)
      assert.match(blog.stdout, /rolled back blog: create_tags_table\nrolled back blog: create_posts_table/)
      const again = craft(root, ['migrate'], { env })
      assert.match(again.stdout, /migrated\s+blog: create_posts_table/)
      assert.doesNotMatch(again.stdout, /notes/)
      const last = craft(root, ['migrate:rollback'], { env })
      assert.match(last.stdout, /rolled back blog: create_tags_table/)
      assert.doesNotMatch(last.stdout, /notes/, 'only the last batch')
      const unknown = craft(root, ['migrate:rollback', '--package', 'nope'], { env })
      assert.notEqual(unknown.code, 0)
      assert.match(unknown.stderr, /No package named "nope".*Installed packages: blog/)
      const badStep = craft(root, ['migrate:rollback', '--step', '0'], { env })
      assert.notEqual(badStep.code, 0)
      assert.match(badStep.stderr, /--step must be a whole number/)
    })

    it('a failing migration leaves the schema and the records as they were', () => {
      writeFileSync(join(root, 'databases/migrations/2026_02_01_000000_create_ok_table.ts'), APP_MIGRATION('ok_table'))
      writeFileSync(
        join(root, 'databases/migrations/2026_02_02_000000_broken.ts'),
        `export async function up() { throw new Error('boom in up') }\nexport async function down() {}\n`,
      )
      const before = craft(root, ['migrate:status'], { env }).stdout
      const failed = craft(root, ['migrate'], { env })
      assert.notEqual(failed.code, 0)
      assert.match(failed.stderr, /boom in up/)
      assert.match(failed.stderr, /2026_02_02_000000_broken/)
      assert.equal(craft(root, ['migrate:status'], { env }).stdout, before, 'nothing of the batch was recorded')
      const fresh = craft(root, ['migrate:fresh'], { env })
      assert.notEqual(fresh.code, 0, 'fresh reruns everything, the broken one included')
    })
  })
}
