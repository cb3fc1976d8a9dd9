// The benchmark suite at tiny sizes, so that it cannot rot: every figure must run and produce
// numbers. Timings are never asserted (the smoke sizes make them meaningless).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SMOKE } from '../lib/context.js'
import { FIGURES, runSuite } from '../suite.js'

test('bench smoke: every figure runs once and produces a number', { timeout: 300_000 }, async () => {
  const figures = await runSuite({ sizes: SMOKE })
  for (const figure of figures) assert.ok(!figure.error, `${figure.name} could not be measured: ${figure.note}`)
  // state gives five rows, http four, list, serve and publish two each; the others one each.
  assert.equal(figures.length, Object.keys(FIGURES).length + 10)
  for (const figure of figures) {
    assert.ok(Number.isFinite(figure.ours) && figure.ours > 0, `${figure.name}: ours is ${figure.ours}`)
    assert.ok(Number.isFinite(figure.baseline) && figure.baseline > 0, `${figure.name}: baseline is ${figure.baseline}`)
    assert.ok(Number.isFinite(figure.ratio), `${figure.name}: ratio is ${figure.ratio}`)
  }
})
