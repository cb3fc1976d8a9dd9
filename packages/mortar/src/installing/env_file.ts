import { parseEnv } from 'node:util'

/**
 * Editing `.env` and `.env.example` for a package's install recipe: the keys it adds go in one
 * block under a comment naming the package, and removing the package takes out exactly those
 * lines (and the comment once its block is empty). Lines are edited as text, so the rest of the
 * file, comments included, stays as it was.
 */

/** The comment heading a package's block. */
export function blockHeader(npmName: string): string {
  return `# ${npmName} (added by craft package:install; craft package:remove takes it away)`
}

/** The values the file sets, by key (a missing file is an empty text). */
export function envValues(text: string): Record<string, string> {
  return parseEnv(text) as Record<string, string>
}

/** One `KEY=value` line; a value with spaces, `#` or quotes is double-quoted. */
export function envLine(key: string, value: string): string {
  return /^[\w.\-/:@+,]*$/.test(value) ? `${key}=${value}` : `${key}=${JSON.stringify(value)}`
}

/** Appends `lines` to the package's block (made at the end of the file if missing). */
export function addToBlock(text: string, npmName: string, lines: string[]): string {
  if (lines.length === 0) return text
  const header = blockHeader(npmName)
  const all = text === '' ? [] : text.replace(/\n$/, '').split('\n')
  const start = all.indexOf(header)
  if (start === -1) {
    const gap = all.length > 0 && all[all.length - 1]?.trim() !== '' ? [''] : []
    return `${[...all, ...gap, header, ...lines].join('\n')}\n`
  }
  let end = start + 1
  while (end < all.length && all[end]?.trim() !== '' && !all[end]?.startsWith('#')) end++
  all.splice(end, 0, ...lines)
  return `${all.join('\n')}\n`
}

/** Takes out the lines setting `keys`, and the package's header once nothing is left under it. */
export function removeKeys(text: string, npmName: string, keys: readonly string[]): string {
  if (keys.length === 0 || text === '') return text
  const drop = new Set(keys)
  let lines = text.replace(/\n$/, '').split('\n')
  lines = lines.filter((line) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=/.exec(line)
    return !(match && drop.has(match[1] as string))
  })
  const header = lines.indexOf(blockHeader(npmName))
  if (header !== -1) {
    const next = lines[header + 1]
    if (next === undefined || next.trim() === '' || next.startsWith('#')) {
      lines.splice(header, 1)
      // The blank line added before the block goes with it.
      if (header > 0 && lines[header - 1]?.trim() === '' && (lines[header] === undefined || lines[header]?.trim() === '')) {
        lines.splice(header - 1, 1)
      }
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
