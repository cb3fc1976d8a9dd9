// Configuration: the deep-merge rules packages rely on, dotted keys, and env() with .env.
import assert from 'node:assert/strict'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { deepMerge, env } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { createTempApp, removeTempApp } from '../support/temp_app.js'
import { writeFiles } from './support.js'

describe('deepMerge: the rule for package config (SPEC §3)', () => {
  it('merges plain objects key by key, recursively; the override wins', () => {
    const base = { per_page: 10, title: 'Blog', feed: { enabled: true, title: 'Latest', limits: { items: 20, days: 7 } } }
    const merged = deepMerge(base, { per_page: 25, feed: { title: 'Mine', limits: { days: 30 } }, extra: 'new' })
    assert.deepEqual(merged, {
      per_page: 25,
      title: 'Blog',
      feed: { enabled: true, title: 'Mine', limits: { items: 20, days: 30 } },
      extra: 'new',
    })
  })

  it('replaces arrays instead of concatenating or merging them by index', () => {
    assert.deepEqual(deepMerge({ tags: ['news', 'release', 'misc'] }, { tags: ['mine'] }), { tags: ['mine'] })
    assert.deepEqual(deepMerge({ tags: ['a'] }, { tags: [] }), { tags: [] })
    assert.deepEqual(deepMerge({ list: [{ a: 1 }] }, { list: [{ b: 2 }] }), { list: [{ b: 2 }] })
  })

  it('lets a scalar, null or an array replace an object, and an object replace a scalar', () => {
    assert.deepEqual(deepMerge({ feed: { on: true } }, { feed: false }), { feed: false })
    assert.deepEqual(deepMerge({ feed: { on: true } }, { feed: null }), { feed: null })
    assert.deepEqual(deepMerge({ feed: { on: true } }, { feed: ['x'] }), { feed: ['x'] })
    assert.deepEqual(deepMerge({ feed: 'off' }, { feed: { on: true } }), { feed: { on: true } })
  })

  it('keeps the base value where the override is undefined', () => {
    assert.deepEqual(deepMerge({ a: 1, b: { c: 2 } }, { a: undefined, b: { c: undefined } }), { a: 1, b: { c: 2 } })
    assert.deepEqual(deepMerge({ a: 1 }, undefined), { a: 1 })
  })

  it('does not merge into class instances such as Date: they are values', () => {
    const date = new Date('2026-01-01T00:00:00Z')
    const merged = deepMerge({ since: new Date(0) }, { since: date })
    assert.equal(merged.since, date)
  })

  it('changes neither input', () => {
    const base = { feed: { enabled: true, tags: ['a'] } }
    const override = { feed: { tags: ['b'] } }
    const copies = [structuredClone(base), structuredClone(override)]
    const merged = deepMerge(base, override)
    assert.deepEqual([base, override], copies)
    assert.notEqual(merged.feed, base.feed)
  })
})

describe('env()', () => {
  const keys = ['MORTAR_T_STR', 'MORTAR_T_NUM', 'MORTAR_T_BAD_NUM', 'MORTAR_T_BOOL', 'MORTAR_T_EMPTY']
  after(() => {
    for (const key of keys) delete process.env[key]
  })

  it('reads a variable, casting it to the type of the fallback', () => {
    Object.assign(process.env, {
      MORTAR_T_STR: 'hello',
      MORTAR_T_NUM: '8080',
      MORTAR_T_BAD_NUM: 'eighty',
      MORTAR_T_BOOL: 'yes',
      MORTAR_T_EMPTY: '',
    })
    assert.equal(env('MORTAR_T_STR'), 'hello')
    assert.equal(env('MORTAR_T_NUM', 3000), 8080)
    assert.equal(env('MORTAR_T_BAD_NUM', 3000), 3000)
    assert.equal(env('MORTAR_T_BOOL', false), true)
    assert.equal(env('MORTAR_T_STR', false), false)
    for (const truthy of ['true', '1', 'on', 'YES']) {
      process.env.MORTAR_T_BOOL = truthy
      assert.equal(env('MORTAR_T_BOOL', false), true, truthy)
    }
  })

  it('gives the fallback for a missing or empty variable', () => {
    assert.equal(env('MORTAR_T_NEVER_SET'), undefined)
    assert.equal(env('MORTAR_T_NEVER_SET', 'fallback'), 'fallback')
    process.env.MORTAR_T_EMPTY = ''
    assert.equal(env('MORTAR_T_EMPTY', 'fallback'), 'fallback')
  })
})

describe('config() and .env in an application', () => {
  const keys = ['MORTAR_T_MAIL_HOST', 'MORTAR_T_MAIL_PORT', 'MORTAR_T_QUEUE_SYNC', 'MORTAR_T_SET_OUTSIDE']
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'config' })
    appendFileSync(
      join(root, '.env'),
      [
        '',
        'MORTAR_T_MAIL_HOST=smtp.example.test',
        'MORTAR_T_MAIL_PORT=2525',
        'MORTAR_T_QUEUE_SYNC=true',
        'MORTAR_T_SET_OUTSIDE=from-the-file',
        '',
      ].join('\n'),
    )
    writeFiles(root, {
      'config/services.ts': `import { env } from 'mortar'

export default {
  mail: {
    host: env('MORTAR_T_MAIL_HOST', 'localhost'),
    port: env('MORTAR_T_MAIL_PORT', 25),
    from: { name: 'Mortar', address: env('MORTAR_T_MAIL_FROM', 'hi@example.test') },
  },
  queue: { sync: env('MORTAR_T_QUEUE_SYNC', false), names: ['default', 'mail'] },
  outside: env('MORTAR_T_SET_OUTSIDE', 'fallback'),
}
`,
      // A config file may export a function returning its values.
      'config/cache.ts': `export default () => ({ store: 'memory', ttl: { default: 60 } })\n`,
      'routes/api.ts': `import { config, Route } from 'mortar'

export default [
  Route.get('/config/:key', (ctx) => ({ value: config(ctx.params.key, 'none') })),
]
`,
    })
    // A variable already in the environment wins over the .env file.
    process.env.MORTAR_T_SET_OUTSIDE = 'from-the-environment'
    app = await createTestApp({ root, config: { 'cache.ttl.default': 5 } })
  })

  after(async () => {
    await app?.close()
    for (const key of keys) delete process.env[key]
    removeTempApp(root)
  })

  it('reads config files by dotted key, with env() values from .env', () => {
    assert.equal(app.config('services.mail.host'), 'smtp.example.test')
    assert.equal(app.config('services.mail.port'), 2525)
    assert.equal(app.config('services.mail.from.address'), 'hi@example.test')
    assert.equal(app.config('services.queue.sync'), true)
    assert.deepEqual(app.config('services.queue.names'), ['default', 'mail'])
    assert.equal(app.config('services.outside'), 'from-the-environment')
    assert.deepEqual(app.config('services.mail.from'), { name: 'Mortar', address: 'hi@example.test' })
  })

  it('reads config/app.ts, whose values come from the scaffolded .env', () => {
    assert.equal(app.config('app.name'), 'App')
    // APP_DEBUG is unset in a new app's .env: config/app.ts leaves debug to Mortar (on outside production).
    assert.equal(app.config('app.debug'), undefined)
  })

  it('gives the fallback for a missing key or a path through a non-object', () => {
    assert.equal(app.config('services.mail.nothing', 'fb'), 'fb')
    assert.equal(app.config('nothing.at.all'), undefined)
    assert.equal(app.config('services.mail.host.deeper', 'fb'), 'fb')
  })

  it('loads a config file exporting a function, and applies overrides given by dotted key', () => {
    assert.deepEqual(app.config('cache'), { store: 'memory', ttl: { default: 5 } })
  })

  it('answers config() inside a handler', async () => {
    ;(await app.get('/api/config/services.mail.port')).assertOk().assertJson({ value: 2525 })
    ;(await app.get('/api/config/services.nope')).assertOk().assertJson({ value: 'none' })
  })
})
