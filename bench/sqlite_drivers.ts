// The two SQLite drivers side by side, through Mortar's own database layer and Kysely, on the
// Node.js running this script (node:sqlite needs 22.16+):
//   node --import tsx bench/sqlite_drivers.ts [--better-sqlite3-from DIR] [--runs N]
// DIR is a folder whose node_modules holds a better-sqlite3 built for this Node.js (the
// workspace's copy is built for the machine's Node). Prints the median time of each operation
// for each driver and the ratio node:sqlite / better-sqlite3.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { createDatabase, type Database, type SqliteDriver } from '../packages/mortar/src/database/index.js'
import { alternate, median } from './lib/stats.js'

const { values } = parseArgs({ options: { 'better-sqlite3-from': { type: 'string' }, runs: { type: 'string' } } })
const ROWS = 2000
const runs = Number(values.runs ?? 7)
const workdir = await mkdtemp(join(tmpdir(), 'mortar-sqlite-drivers-'))

type Operation = [name: string, run: (database: Database) => Promise<void>]

const operations: Operation[] = [
  [
    `insert ${ROWS} rows, one statement each, in a transaction`,
    async ({ kysely }) => {
      await kysely.transaction().execute(async (trx) => {
        for (let i = 0; i < ROWS; i++) {
          await trx
            .insertInto('posts')
            .values({ title: `Post ${i}`, body: 'x'.repeat(200), views: i })
            .execute()
        }
      })
    },
  ],
  [
    `${ROWS} selects by primary key`,
    async ({ kysely }) => {
      for (let i = 1; i <= ROWS; i++) await kysely.selectFrom('posts').selectAll().where('id', '=', i).executeTakeFirstOrThrow()
    },
  ],
  [
    `20 selects of all ${ROWS} rows`,
    async ({ kysely }) => {
      for (let i = 0; i < 20; i++) await kysely.selectFrom('posts').selectAll().orderBy('views', 'desc').execute()
    },
  ],
  [
    `${ROWS} updates by primary key, each its own transaction`,
    async ({ kysely }) => {
      for (let i = 1; i <= ROWS; i++) await kysely.updateTable('posts').set({ views: sql`views + 1` }).where('id', '=', i).execute()
    },
  ],
]

async function session(driver: SqliteDriver, round: number): Promise<number[]> {
  const appRoot = driver === 'better-sqlite3' && values['better-sqlite3-from'] ? values['better-sqlite3-from'] : workdir
  const database = createDatabase({ url: `sqlite:${join(workdir, `${driver.replace(':', '-')}-${round}.sqlite`)}`, driver }, appRoot)
  try {
    await database.kysely.schema
      .createTable('posts')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('views', 'integer')
      .execute()
    const times: number[] = []
    for (const [, run] of operations) {
      const started = performance.now()
      await run(database)
      times.push(performance.now() - started)
    }
    return times
  } finally {
    await database.destroy()
  }
}

const samples: Record<SqliteDriver, number[][]> = { 'node:sqlite': [], 'better-sqlite3': [] }
let round = 0
await alternate(
  { runs, warmup: true },
  async () => {
    samples['node:sqlite'].push(await session('node:sqlite', round))
    return 0
  },
  async () => {
    samples['better-sqlite3'].push(await session('better-sqlite3', round++))
    return 0
  },
)

console.log(`Node.js ${process.versions.node}, ${runs} runs each (medians, after one warm-up round)`)
console.log('| operation | node:sqlite | better-sqlite3 | ratio |')
console.log('|---|---:|---:|---:|')
operations.forEach(([name], index) => {
  // The warm-up round is the first sample of each driver.
  const ours = median(samples['node:sqlite'].slice(1).map((times) => times[index] as number))
  const theirs = median(samples['better-sqlite3'].slice(1).map((times) => times[index] as number))
  console.log(`| ${name} | ${ours.toFixed(1)} ms | ${theirs.toFixed(1)} ms | ${(ours / theirs).toFixed(2)}× |`)
})
await rm(workdir, { recursive: true, force: true })
