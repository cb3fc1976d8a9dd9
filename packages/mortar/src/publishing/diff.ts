import { diffIndices } from 'node-diff3'
import { splitLines } from './merge.js'

/** Options for {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** The file's path, shown as `a/<path>` and `b/<path>`. */
  path: string
  /** Lines of context around each change; 3 by default. */
  context?: number
  /** The old file did not exist: shown as `/dev/null`. */
  created?: boolean
  /** The new file will not exist: shown as `/dev/null`. */
  deleted?: boolean
}

/**
 * A unified diff (`--- a/…`, `+++ b/…`, `@@` hunks) from `before` to `after`, as `git diff` prints
 * one; an empty string when they are equal. Texts have LF line endings.
 *
 * @example
 * unifiedDiff('a\nb\n', 'a\nc\n', { path: 'config/blog.ts' })
 * // '--- a/config/blog.ts\n+++ b/config/blog.ts\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n'
 */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions): string {
  if (before === after) return ''
  const context = options.context ?? 3
  const a = splitLines(before)
  const b = splitLines(after)
  const changes = diffIndices(a, b)
  const out = [`--- ${options.created ? '/dev/null' : `a/${options.path}`}`, `+++ ${options.deleted ? '/dev/null' : `b/${options.path}`}`]
  let first = 0
  while (first < changes.length) {
    // A hunk takes every following change whose gap of common lines fits in both contexts.
    let last = first
    while (last + 1 < changes.length && changes[last + 1].buffer1[0] - end(changes[last].buffer1) <= 2 * context) last++
    const aStart = Math.max(0, changes[first].buffer1[0] - context)
    const aEnd = Math.min(a.length, end(changes[last].buffer1) + context)
    const bStart = changes[first].buffer2[0] - (changes[first].buffer1[0] - aStart)
    const bEnd = end(changes[last].buffer2) + (aEnd - end(changes[last].buffer1))
    out.push(`@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@`)
    let at = aStart
    for (let i = first; i <= last; i++) {
      const [start, length] = changes[i].buffer1
      for (; at < start; at++) out.push(...line(' ', a[at]))
      for (const removed of changes[i].buffer1Content) out.push(...line('-', removed))
      for (const added of changes[i].buffer2Content) out.push(...line('+', added))
      at = start + length
    }
    for (; at < aEnd; at++) out.push(...line(' ', a[at]))
    first = last + 1
  }
  return `${out.join('\n')}\n`
}

function line(prefix: string, text: string): string[] {
  return text.endsWith('\n') ? [prefix + text.slice(0, -1)] : [prefix + text, '\\ No newline at end of file']
}

function end([start, length]: [number, number]): number {
  return start + length
}

function range(start: number, length: number): string {
  if (length === 1) return `${start + 1}`
  return `${length === 0 ? start : start + 1},${length}`
}
