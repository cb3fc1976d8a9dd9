// Assertions shared by the test suites that run the real `craft`.
import assert from 'node:assert/strict'
import type { CraftRun } from './temp_app.js'

/**
 * A failed craft run: a non-zero exit and exactly one line on stderr, starting with `error`,
 * containing every `parts`, without a stack trace.
 */
export function assertOneLineError(run: CraftRun, ...parts: (string | RegExp)[]): string {
  assert.notEqual(run.code, 0, `expected a non-zero exit:\n${run.stdout}${run.stderr}`)
  const lines = run.stderr.split('\n').filter((line) => line.trim() !== '')
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`)
  const line = lines[0] as string
  assert.match(line, /^error /)
  assert.doesNotMatch(run.stderr, /^\s+at /m)
  for (const part of parts) {
    if (typeof part === 'string') assert.ok(line.includes(part), `expected ${JSON.stringify(part)} in: ${line}`)
    else assert.match(line, part)
  }
  return line
}
