import { diff3Merge } from 'node-diff3'

/** The labels on conflict markers: `<<<<<<< ours`, `||||||| base`, `>>>>>>> theirs`. */
export interface MergeLabels {
  ours: string
  base: string
  theirs: string
}

/** A three-way merge's outcome: `text` holds conflict markers when `clean` is false. */
export interface MergeOutcome {
  clean: boolean
  text: string
  conflicts: number
}

/**
 * Merges line by line the changes from `base` to `ours` and from `base` to `theirs`, as
 * `git merge-file -p --diff3` does. Where both sides changed the same lines differently, the text
 * holds all three versions between diff3-style markers (yours, the base, the package's).
 * Texts have LF line endings; the caller restores the file's own.
 *
 * @example
 * mergeText('a\nB\nc\n', 'a\nb\nc\n', 'A\nb\nc\n', { ours: 'yours', base: 'base', theirs: 'blog 2.0.0' })
 * // { clean: true, text: 'A\nB\nc\n', conflicts: 0 }
 */
export function mergeText(ours: string, base: string, theirs: string, labels: MergeLabels): MergeOutcome {
  // node-diff3's mergeDiff3 emits markers as bare array items; building them here from the same
  // regions lets a last line without a newline be told apart from one with, as git does.
  const regions = diff3Merge(splitLines(ours), splitLines(base), splitLines(theirs))
  let text = ''
  let conflicts = 0
  for (const region of regions) {
    if (region.ok) text += region.ok.join('')
    if (region.conflict) {
      conflicts++
      const { a, o, b } = region.conflict
      text += `<<<<<<< ${labels.ours}\n${block(a)}||||||| ${labels.base}\n${block(o)}=======\n${block(b)}>>>>>>> ${labels.theirs}\n`
    }
  }
  return { clean: conflicts === 0, text, conflicts }
}

/** Lines with their `\n` kept; the last may have none. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

function block(lines: string[]): string {
  const text = lines.join('')
  return text === '' || text.endsWith('\n') ? text : `${text}\n`
}
