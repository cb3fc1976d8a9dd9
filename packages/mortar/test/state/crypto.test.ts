// The app key, encryption and hashing: through `mortar`'s exports, a test app and the real craft.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { decrypt, Encrypter, encrypt, generateAppKey, hash } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { assertOneLineError } from '../core/support.js'
import { craft } from '../support/temp_app.js'
import { removeStateApp, writeStateApp } from './support.js'

const keyOf = (key: string) => Buffer.from(key.slice('base64:'.length), 'base64')

describe('encrypt() and decrypt()', () => {
  let root: string
  let app: TestApp
  before(async () => {
    root = writeStateApp()
    app = await createTestApp({ root, config: { 'app.key': generateAppKey() } })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('round-trips any JSON value, bound to its purpose', () => {
    const token = encrypt({ userId: 7, roles: ['admin'] }, 'password-reset')
    assert.match(token, /^[A-Za-z0-9_-]+$/)
    assert.deepEqual(decrypt(token, 'password-reset'), { userId: 7, roles: ['admin'] })
    assert.equal(decrypt(token), undefined)
    assert.equal(decrypt(token, 'email-verify'), undefined)
    assert.equal(decrypt(encrypt('plain')), 'plain')
    assert.notEqual(encrypt('same'), encrypt('same'), 'each token has its own IV')
  })

  it('gives undefined, never a throw, for a changed, cut or foreign token', () => {
    const token = encrypt({ n: 1 })
    const bytes = Buffer.from(token, 'base64url')
    for (const index of [0, 13, bytes.length - 1]) {
      const changed = Buffer.from(bytes)
      changed[index] = (changed[index] as number) ^ 1
      assert.equal(decrypt(changed.toString('base64url')), undefined, `byte ${index} changed`)
    }
    for (const junk of ['', 'x', token.slice(0, 20), '!!!', undefined, 42, null, {}]) assert.equal(decrypt(junk), undefined)
    const other = new Encrypter({ current: keyOf(generateAppKey()), previous: [] })
    assert.equal(other.decrypt(token), undefined)
  })

  it('decrypts with a previous key after rotation, and signs readable values', () => {
    const oldKey = keyOf(generateAppKey())
    const before = new Encrypter({ current: oldKey, previous: [] })
    const token = before.encrypt({ kept: true }, 'cookie:x')
    const rotated = new Encrypter({ current: keyOf(generateAppKey()), previous: [oldKey] })
    assert.deepEqual(rotated.decrypt(token, 'cookie:x'), { kept: true })
    const signed = rotated.sign({ id: 3 }, 'p')
    assert.deepEqual(rotated.unsign(signed, 'p'), { id: 3 })
    assert.equal(rotated.unsign(signed, 'q'), undefined)
    assert.equal(
      rotated.unsign(
        signed.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')),
        'p',
      ),
      undefined,
    )
  })
})

describe('hash', () => {
  let root: string
  let app: TestApp
  before(async () => {
    root = writeStateApp({ 'config/hashing.ts': 'export default { scrypt: { cost: 4096 } }\n' })
    app = await createTestApp({ root })
  })
  after(async () => {
    await app?.close()
    removeStateApp(root)
  })

  it('makes PHC scrypt strings with config/hashing.ts parameters and verifies them', async () => {
    const hashed = await hash.make('correct horse')
    assert.match(hashed, /^\$scrypt\$ln=12,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{86}$/)
    assert.equal(await hash.verify(hashed, 'correct horse'), true)
    assert.equal(await hash.verify(hashed, 'correct horsE'), false)
    assert.notEqual(await hash.make('correct horse'), hashed, 'a fresh salt each time')
    assert.equal(await hash.verify('not a hash', 'x'), false)
    assert.equal(await hash.verify(hashed.replace('ln=12', 'ln=13'), 'correct horse'), false)
  })

  it('says when a hash was made with other parameters', async () => {
    const hashed = await hash.make('pw')
    assert.equal(hash.needsRehash(hashed), false)
    app.app.config.set('hashing.scrypt.cost', 8192)
    assert.equal(hash.needsRehash(hashed), true)
    assert.equal(await hash.verify(hashed, 'pw'), true, 'an older hash still verifies')
    assert.equal(hash.needsRehash('$argon2id$v=19$m=65536,t=3,p=4$abc$def'), true)
  })
})

describe('the app key', () => {
  let root: string
  before(() => {
    root = writeStateApp()
  })
  after(() => removeStateApp(root))

  it('craft key:generate writes one and refuses to replace it without --force', () => {
    writeFileSync(join(root, '.env'), 'APP_NAME=State\nAPP_KEY=\n')
    const env = { APP_KEY: '' }
    const first = craft(root, ['key:generate'], { env })
    assert.equal(first.code, 0, first.stderr)
    const key = /^APP_KEY=(.*)$/m.exec(readFileSync(join(root, '.env'), 'utf8'))?.[1] ?? ''
    assert.match(key, /^base64:[A-Za-z0-9+/]{43}=$/)
    assert.match(readFileSync(join(root, '.env'), 'utf8'), /^APP_NAME=State$/m)

    const again = craft(root, ['key:generate'], { env })
    assertOneLineError(again, /already has an APP_KEY/)
    assert.match(readFileSync(join(root, '.env'), 'utf8'), new RegExp(`APP_KEY=${key.replace(/[+/]/g, '\\$&')}`))

    const forced = craft(root, ['key:generate', '--force'], { env })
    assert.equal(forced.code, 0, forced.stderr)
    assert.doesNotMatch(readFileSync(join(root, '.env'), 'utf8'), new RegExp(key.replace(/[+/]/g, '\\$&')))
  })

  it('a production start without a key, or with a short one, stops with one coded line', () => {
    writeFileSync(join(root, '.env'), 'APP_KEY=\n')
    for (const key of ['', 'too-short']) {
      const run = craft(root, ['serve', '--no-reload', '--port', '0'], { env: { APP_ENV: 'production', APP_KEY: key }, timeout: 30_000 })
      assertOneLineError(run, key ? /APP_KEY is shorter than 32 bytes/ : /APP_KEY is not set/)
      assert.match(run.stderr, /craft key:generate/)
    }
  })

  it('development generates one, writes it to .env and says so', async () => {
    writeFileSync(join(root, '.env'), 'APP_NAME=State\n')
    const { Application } = await import('mortar')
    const saved = process.env.APP_KEY
    delete process.env.APP_KEY
    const warnings: string[] = []
    const warn = console.warn
    console.warn = (line: string) => warnings.push(line)
    const app = await Application.create({ root, environment: 'development' })
    try {
      await app.boot()
      const token = app.encrypter.encrypt('x')
      assert.equal(app.encrypter.decrypt(token), 'x')
    } finally {
      console.warn = warn
      if (saved !== undefined) process.env.APP_KEY = saved
      await app.shutdown()
    }
    assert.match(readFileSync(join(root, '.env'), 'utf8'), /^APP_KEY=base64:/m)
    assert.match(warnings.join('\n'), /generated one and wrote it to \.env/)
  })
})
