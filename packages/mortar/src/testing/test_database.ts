import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** A database made for one test app, and how to throw it away. */
export interface TestDatabase {
  config: { url: string; schema?: string }
  dispose(): Promise<void>
}

/**
 * A fresh, empty database for one test app: a SQLite file in a temp folder, or, when
 * `MORTAR_TEST_DB=postgres` (or a postgres `TEST_DATABASE_URL`) is set, a new PostgreSQL schema
 * dropped at the end.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL ?? ''
  const wantsPostgres = process.env.MORTAR_TEST_DB === 'postgres' || /^postgres(ql)?:/.test(url)
  if (wantsPostgres) {
    const connectionString = /^postgres(ql)?:/.test(url) ? url : 'postgres://postgres@127.0.0.1:5432/postgres'
    const schema = `mortar_test_${randomBytes(6).toString('hex')}`
    return {
      config: { url: connectionString, schema },
      async dispose() {
        const client = new pg.Client({ connectionString })
        await client.connect()
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        } finally {
          await client.end()
        }
      },
    }
  }
  const folder = mkdtempSync(join(tmpdir(), 'mortar-test-db-'))
  return {
    config: { url: `sqlite:${join(folder, 'database.sqlite')}` },
    async dispose() {
      rmSync(folder, { recursive: true, force: true })
    },
  }
}
