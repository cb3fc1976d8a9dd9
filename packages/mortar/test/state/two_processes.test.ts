// Several processes, one user: two real `craft serve` processes (production mode) on different
// ports share PostgreSQL (database driver) or Redis (redis driver); a session started through one
// is read, changed and ended through the other. Also: production with no sessions table says
// to run craft migrate.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createClient } from '@redis/client'
import { generateAppKey } from 'mortar'
import pg from 'pg'
import { craft, type ServedApp, serveApp } from '../support/temp_app.js'
import { redisPrefix, removeStateApp, writeStateApp } from './support.js'

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test'

const CONFIG = {
  'config/database.ts':
    "export default { url: process.env.DATABASE_URL ?? 'sqlite:storage/database.sqlite', schema: process.env.DB_SCHEMA }\n",
  'config/session.ts':
    "export default { redis: { url: process.env.REDIS_URL, prefix: process.env.SESSION_PREFIX ?? 'mortar:session:' } }\n",
}

/** A tiny browser: keeps the cookies each answer sets and sends them to whichever server it asks. */
class Browser {
  readonly cookies = new Map<string, string>()

  async get(url: string): Promise<{ status: number; json: any; text: string }> {
    const response = await fetch(url, {
      headers: { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const [name = '', value = ''] = pair.split('=')
      if (/Max-Age=0/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {}
    return { status: response.status, json, text }
  }
}

function twoProcessCases(
  name: string,
  env: () => Record<string, string>,
  prepare: (root: string) => Promise<void>,
  cleanup: () => Promise<void>,
) {
  describe(`two craft serve processes sharing ${name}`, () => {
    let root: string
    let one: ServedApp
    let two: ServedApp

    before(async () => {
      root = writeStateApp(CONFIG)
      await prepare(root)
      ;[one, two] = await Promise.all([
        serveApp(root, { env: env(), args: ['--no-reload'] }),
        serveApp(root, { env: env(), args: ['--no-reload'] }),
      ])
    })
    after(async () => {
      await Promise.all([one?.stop(), two?.stop()])
      await cleanup()
      removeStateApp(root)
    })

    it('a session started on one is read, changed and ended through the other', async () => {
      assert.notEqual(one.url, two.url)
      const browser = new Browser()
      assert.deepEqual((await browser.get(`${one.url}/put/user/ada`)).json, { ok: true })
      assert.equal((await browser.get(`${two.url}/get/user`)).json.value, 'ada')
      assert.deepEqual((await browser.get(`${two.url}/count`)).json, { count: 1 })
      assert.deepEqual((await browser.get(`${one.url}/count`)).json, { count: 2 })
      await browser.get(`${one.url}/flash/Saved`)
      assert.match((await browser.get(`${two.url}/status`)).text, /<p id="status">Saved<\/p>/)
      assert.match((await browser.get(`${one.url}/status`)).text, /<p id="status">none<\/p>/)

      const stolen = new Map(browser.cookies)
      assert.equal((await browser.get(`${two.url}/invalidate`)).status, 200)
      assert.equal((await browser.get(`${one.url}/get/user`)).json.value, null)
      const thief = new Browser()
      for (const [key, value] of stolen) thief.cookies.set(key, value)
      assert.equal((await thief.get(`${one.url}/get/user`)).json.value, null, 'the ended session is gone from the shared store')
    })
  })
}

const key = generateAppKey()
const schema = `mortar_two_${randomBytes(4).toString('hex')}`
twoProcessCases(
  'PostgreSQL',
  () => ({ APP_ENV: 'production', APP_KEY: key, DATABASE_URL: POSTGRES, DB_SCHEMA: schema, SESSION_DRIVER: 'database' }),
  async (root) => {
    const env = { APP_ENV: 'production', APP_KEY: key, DATABASE_URL: POSTGRES, DB_SCHEMA: schema }
    // Before craft migrate, production says what to do instead of a bare 500.
    const early = await serveApp(root, { env: { ...env, SESSION_DRIVER: 'database' }, args: ['--no-reload'] })
    try {
      const answer = await new Browser().get(`${early.url}/put/a/b`)
      assert.equal(answer.status, 500)
      assert.match(early.output(), /^error E_SESSION_TABLE_MISSING The sessions table does not exist.*craft migrate/m)
      assert.doesNotMatch(early.output(), /^\s+at /m)
    } finally {
      await early.stop()
    }
    const migrated = craft(root, ['migrate'], { env })
    assert.equal(migrated.code, 0, migrated.stderr)
    assert.match(migrated.stdout, /mortar: create_sessions_table/)
  },
  async () => {
    const client = new pg.Client({ connectionString: POSTGRES })
    await client.connect()
    await client.query(`drop schema if exists "${schema}" cascade`)
    await client.end()
  },
)

const prefix = redisPrefix()
twoProcessCases(
  'Redis',
  () => ({ APP_ENV: 'production', APP_KEY: key, SESSION_DRIVER: 'redis', REDIS_URL: 'redis://127.0.0.1:6379', SESSION_PREFIX: prefix }),
  async () => {},
  async () => {
    const client = createClient({ url: 'redis://127.0.0.1:6379' })
    await client.connect()
    const keys = await client.keys(`${prefix}*`)
    if (keys.length) await client.del(keys)
    await client.quit()
  },
)
