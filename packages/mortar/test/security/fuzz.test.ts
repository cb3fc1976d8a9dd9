// Fuzzing with fast-check: the route matcher (random route definitions mounted in a RouteTable and
// compiled into the Hono kernel of a real Application, then random requests) and the command-line
// parser (random signatures, random argv against random command specs). Nothing may throw except a
// MortarError, every request is answered, and nothing hangs: each campaign runs in a worker thread
// that is stopped, and the test failed with the input it was on, if it overruns its time.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Worker } from 'node:worker_threads'

const TIME_LIMIT_MS = 60_000
// A fixed seed by default, so CI runs the same inputs every time; MORTAR_FUZZ_SEED=<n> replays
// a seed and MORTAR_FUZZ_SEED=random explores new ones.
const SEED_SETTING = process.env.MORTAR_FUZZ_SEED ?? '20261124'
const SEED = SEED_SETTING === 'random' ? Date.now() % 2_147_483_647 : Number(SEED_SETTING)

/** Runs one campaign of fixtures/fuzz_worker.ts in a worker; resolves to its report. */
function campaign(kind: 'routes' | 'signatures' | 'argv', runs: number): Promise<{ runs: number; ms: number }> {
  const tsx = import.meta.resolve('tsx/esm/api')
  const entry = new URL('./fixtures/fuzz_worker.ts', import.meta.url).href
  const boot = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)})`
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { kind, runs, seed: SEED } })
  return new Promise((resolve, reject) => {
    let last = '(none yet)'
    const timer = setTimeout(() => {
      void worker.terminate()
      reject(new Error(`${kind}: no answer within ${TIME_LIMIT_MS} ms (a hang?); the last input was ${last.slice(0, 2000)}`))
    }, TIME_LIMIT_MS)
    worker.on('message', (message: { input?: string; done?: boolean; runs: number; ms: number; failure?: string }) => {
      if (message.input !== undefined) last = message.input
      else {
        clearTimeout(timer)
        void worker.terminate()
        if (message.failure) reject(new Error(`${kind} (seed ${SEED}): ${message.failure}`))
        else resolve({ runs: message.runs, ms: message.ms })
      }
    })
    worker.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

describe(`fuzzing (seed ${SEED}; replay with MORTAR_FUZZ_SEED=${SEED})`, () => {
  test('the route table and the Hono kernel: 400 random route sets, each with up to 10 random requests', async (t) => {
    const report = await campaign('routes', 400)
    t.diagnostic(`${report.runs} route sets in ${report.ms} ms`)
    assert.equal(report.runs, 400)
  })

  test('parseSignature: 3000 random signatures parse or fail with E_COMMAND_SIGNATURE', async (t) => {
    const report = await campaign('signatures', 3000)
    t.diagnostic(`${report.runs} signatures in ${report.ms} ms`)
  })

  test('parseInput: 3000 random argv against random command specs parse or fail with E_COMMAND_USAGE', async (t) => {
    const report = await campaign('argv', 3000)
    t.diagnostic(`${report.runs} command lines in ${report.ms} ms`)
  })
})
