import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_LAYOUT } from '../app/layout.js'
import { writeFileAtomic } from '../support/fs.js'

/** Where an array literal sits in a source text: from `[` to its matching `]`. */
interface ArrayRange {
  open: number
  close: number
}

/**
 * Finds the `<key>: [ … ]` array (default `providers`) in the text of config/providers.ts with a
 * small scanner that understands strings, template literals, comments and nesting, so the edits
 * below splice text and keep the file's comments and formatting.
 */
export function findArray(text: string, key = 'providers'): ArrayRange | undefined {
  const tokens = scan(text)
  for (let i = 0; i < tokens.length - 2; i++) {
    const [name, colon, bracket] = [tokens[i], tokens[i + 1], tokens[i + 2]]
    const matches = (name?.kind === 'word' && name.value === key) || (name?.kind === 'string' && name.value.slice(1, -1) === key)
    if (matches && colon?.value === ':' && bracket?.value === '[') {
      let depth = 0
      for (let j = i + 2; j < tokens.length; j++) {
        const token = tokens[j] as Token
        if (token.value === '[' || token.value === '{' || token.value === '(') depth++
        if (token.value === ']' || token.value === '}' || token.value === ')') depth--
        if (depth === 0) return { open: bracket.start, close: token.start }
      }
      return undefined
    }
  }
  return undefined
}

/** The string entries of the `<key>` array: npm names in `providers` or `dontDiscover`. */
export function arrayStrings(text: string, key = 'providers'): string[] {
  const range = findArray(text, key)
  if (!range) return []
  return scan(text.slice(range.open, range.close + 1))
    .filter((token) => token.kind === 'string')
    .map((token) => token.value.slice(1, -1))
}

/** The text with `'<npmName>',` added as the last entry of the providers array, or undefined if no array. */
export function addProvider(text: string, npmName: string): string | undefined {
  const range = findArray(text)
  if (!range) return undefined
  if (arrayStrings(text).includes(npmName)) return text
  const inside = text.slice(range.open + 1, range.close)
  const entry = `'${npmName.replaceAll("'", "\\'")}'`
  const lineStart = text.lastIndexOf('\n', range.open) + 1
  const baseIndent = /^\s*/.exec(text.slice(lineStart))?.[0] ?? ''
  if (inside.trim() === '') return `${text.slice(0, range.open + 1)}\n${baseIndent}  ${entry},\n${baseIndent}${text.slice(range.close)}`
  const entries = scan(text).filter((token) => token.start > range.open && token.start < range.close)
  const last = entries.at(-1) as Token
  const afterLast = last.start + last.value.length
  const comma = last.value === ',' ? '' : ','
  if (!inside.includes('\n')) {
    return `${text.slice(0, afterLast)}${comma} ${entry}${text.slice(afterLast, range.close)}${text.slice(range.close)}`
  }
  // A new line after the last entry's line (its trailing comment stays on its own line),
  // indented like the first entry.
  const firstLineStart = text.lastIndexOf('\n', (entries[0] as Token).start) + 1
  const indent = /^[ \t]*/.exec(text.slice(firstLineStart))?.[0] ?? `${baseIndent}  `
  const lastLineEnd = text.indexOf('\n', afterLast)
  const insertAt = lastLineEnd === -1 || lastLineEnd > range.close ? range.close : lastLineEnd
  const withComma = `${text.slice(0, afterLast)}${comma}${text.slice(afterLast, insertAt)}`
  return `${withComma}\n${indent}${entry},${text.slice(insertAt)}`
}

/** The text with the `'<npmName>'` entry (and its line, when alone on it) removed. */
export function removeProvider(text: string, npmName: string): string {
  const range = findArray(text)
  if (!range) return text
  const token = scan(text)
    .filter((t) => t.kind === 'string' && t.start > range.open && t.start < range.close)
    .find((t) => t.value.slice(1, -1) === npmName)
  if (!token) return text
  let start = token.start
  let end = token.start + token.value.length
  const after = /^\s*,/.exec(text.slice(end))
  if (after) end += after[0].length
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  const lineEnd = text.indexOf('\n', end)
  const aloneOnLine = text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd === -1 ? undefined : lineEnd).trim() === ''
  if (aloneOnLine && lineEnd !== -1) {
    start = lineStart
    end = lineEnd + 1
  } else {
    const before = /,\s*$/.exec(text.slice(range.open + 1, start))
    if (!after && before) start -= before[0].length
  }
  return text.slice(0, start) + text.slice(end)
}

/** The path of the app's providers file. */
export function providersFile(root: string): string {
  return join(root, APP_LAYOUT.config, 'providers.ts')
}

/** Edits config/providers.ts in place (atomically); false when the array could not be found. */
export async function editProvidersFile(root: string, edit: (text: string) => string | undefined): Promise<boolean> {
  const file = providersFile(root)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return false
  }
  const next = edit(text)
  if (next === undefined) return false
  if (next !== text) await writeFileAtomic(file, next)
  return true
}

interface Token {
  kind: 'word' | 'string' | 'punct'
  value: string
  start: number
}

function scan(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const char = text[i] as string
    if (/\s/.test(char)) {
      i++
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
    } else if (char === '"' || char === "'" || char === '`') {
      let j = i + 1
      while (j < text.length && text[j] !== char) j += text[j] === '\\' ? 2 : 1
      tokens.push({ kind: 'string', value: text.slice(i, j + 1), start: i })
      i = j + 1
    } else if (/[\w$]/.test(char)) {
      const match = /^[\w$]+/.exec(text.slice(i)) as RegExpExecArray
      tokens.push({ kind: 'word', value: match[0], start: i })
      i += match[0].length
    } else {
      tokens.push({ kind: 'punct', value: char, start: i })
      i++
    }
  }
  return tokens
}
