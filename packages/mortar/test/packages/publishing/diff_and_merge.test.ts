import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mergeText, unifiedDiff } from '../../../src/publishing/index.js'

const labels = { ours: 'yours', base: 'blog 1.0.0', theirs: 'blog 2.0.0' }
const lines = (n: number, change: Record<number, string> = {}) =>
  `${Array.from({ length: n }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join('\n')}\n`

describe('unifiedDiff', () => {
  test('equal texts give an empty diff', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', { path: 'x' }), '')
  })

  test('changes far apart are separate hunks with three lines of context', () => {
    const diff = unifiedDiff(lines(20), lines(20, { 2: 'two', 18: 'eighteen' }), { path: 'my dir/ü.txt' })
    assert.equal(
      diff,
      [
        '--- a/my dir/ü.txt',
        '+++ b/my dir/ü.txt',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -15,6 +15,6 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        '+eighteen',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    )
  })

  test('a missing newline at the end is shown', () => {
    assert.equal(
      unifiedDiff('a\nb\n', 'a\nb', { path: 'x', context: 0 }),
      '--- a/x\n+++ b/x\n@@ -2 +2 @@\n-b\n+b\n\\ No newline at end of file\n',
    )
    assert.equal(
      unifiedDiff('a\nb\n', 'a\nb', { path: 'x' }),
      '--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n',
    )
  })
})

describe('mergeText', () => {
  test('edits to different lines merge cleanly', () => {
    const outcome = mergeText(lines(9, { 2: 'mine' }), lines(9), lines(9, { 8: 'theirs' }), labels)
    assert.deepEqual(outcome, { clean: true, conflicts: 0, text: lines(9, { 2: 'mine', 8: 'theirs' }) })
  })

  test('the same change on both sides is not a conflict', () => {
    assert.equal(mergeText(lines(3, { 2: 'same' }), lines(3), lines(3, { 2: 'same' }), labels).clean, true)
  })

  test('different edits to the same line leave diff3 markers', () => {
    const outcome = mergeText(lines(3, { 2: 'mine' }), lines(3), lines(3, { 2: 'theirs' }), labels)
    assert.equal(outcome.clean, false)
    assert.equal(outcome.text, 'line 1\n<<<<<<< yours\nmine\n||||||| blog 1.0.0\nline 2\n=======\ntheirs\n>>>>>>> blog 2.0.0\nline 3\n')
  })
})
