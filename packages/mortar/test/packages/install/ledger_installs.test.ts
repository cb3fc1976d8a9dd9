import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { ledgerPath, readLedger } from '../../../src/publishing/index.js'

const HASH = 'a'.repeat(64)
const record = (changes: Record<string, unknown> = {}) => ({
  npmName: 'mortar-honeypot',
  version: '1.0.0',
  explicit: true,
  requires: [],
  env: { HONEYPOT_SECRET: { env: HASH, example: HASH } },
  stubs: { 'app/controllers/contact_controller.ts': { source: 'stubs/contact_controller.ts', written: HASH } },
  registered: false,
  installedAt: '2026-12-01T08:00:00.000Z',
  ...changes,
})

describe('the ledger install records', () => {
  const app = mkdtempSync(join(tmpdir(), 'mortar-ledger-installs-'))
  mkdirSync(join(app, '.mortar'))
  after(() => rmSync(app, { recursive: true, force: true }))
  const write = (data: unknown) => writeFileSync(ledgerPath(app), JSON.stringify(data))

  test('a ledger without them (an older one) and one with a valid record are read', async () => {
    write({ version: 1, files: {} })
    assert.equal((await readLedger(app)).installs, undefined)
    write({ version: 1, files: {}, installs: { honeypot: record() } })
    assert.deepEqual((await readLedger(app)).installs?.honeypot, record())
  })

  test('a malformed record is E_LEDGER_CORRUPT, naming the package and the field', async () => {
    const cases: [unknown, RegExp][] = [
      [[], /"installs" is not an object/],
      [{ honeypot: record({ npmName: '' }) }, /"honeypot" has no "npmName"/],
      [{ honeypot: record({ explicit: 'yes' }) }, /"explicit" or "registered"/],
      [{ honeypot: record({ requires: [1] }) }, /"requires" that is not a list/],
      [{ honeypot: record({ env: { lower: {} } }) }, /malformed env entry "lower"/],
      [{ honeypot: record({ env: { KEY: { env: 'the value itself' } } }) }, /env entry KEY whose hash is not a sha256/],
      [{ honeypot: record({ env: { KEY: { value: HASH } } }) }, /env entry KEY with unknown fields/],
      [{ honeypot: record({ stubs: { '../outside.ts': { source: 's', written: HASH } } }) }, /stub "..\/outside.ts" that leaves the app/],
      [{ honeypot: record({ stubs: { 'app/x.ts': { source: 's' } } }) }, /malformed stub "app\/x.ts"/],
    ]
    for (const [installs, message] of cases) {
      write({ version: 1, files: {}, installs })
      await assert.rejects(readLedger(app), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_LEDGER_CORRUPT')
        assert.match(error.message, message)
        return true
      })
    }
  })
})
