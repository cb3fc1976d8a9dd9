// The shared session suite on each driver: database on SQLite and on PostgreSQL, Redis, cookie, memory.
import { randomBytes } from 'node:crypto'
import { createClient } from '@redis/client'
import pg from 'pg'
import { sessionSuite } from './session_suite.js'
import { redisPrefix } from './support.js'

sessionSuite('database on SQLite', {
  config: () => ({ 'session.driver': 'database', database: { url: 'sqlite::memory:' } }),
  revokes: true,
})

const schema = `mortar_sessions_${randomBytes(4).toString('hex')}`
const postgres = 'postgres://postgres@127.0.0.1:5432/test'
sessionSuite('database on PostgreSQL', {
  config: () => ({ 'session.driver': 'database', database: { url: postgres, schema } }),
  cleanup: async () => {
    const client = new pg.Client({ connectionString: postgres })
    await client.connect()
    await client.query(`drop schema if exists "${schema}" cascade`)
    await client.end()
  },
  revokes: true,
})

const prefix = redisPrefix()
sessionSuite('redis', {
  config: () => ({ 'session.driver': 'redis', 'session.redis': { url: 'redis://127.0.0.1:6379', prefix } }),
  cleanup: async () => {
    const client = createClient({ url: 'redis://127.0.0.1:6379' })
    await client.connect()
    const keys = await client.keys(`${prefix}*`)
    if (keys.length) await client.del(keys)
    await client.quit()
  },
  revokes: true,
})

sessionSuite('cookie', { config: () => ({ 'session.driver': 'cookie' }), revokes: false })

sessionSuite('memory', { config: () => ({ 'session.driver': 'memory' }), revokes: true })
