import { readFileIfExists } from '../support/fs.js'
import { sha256 } from '../support/sha256.js'

/** A line ending: published text files keep the one they have. */
export type LineEnding = '\n' | '\r\n'

/**
 * A file's contents as publishing compares them. Text is kept with its line endings normalised
 * to LF (and the file's own ending remembered), so a checkout that turned LF into CRLF does not
 * read as an edit; anything that is not UTF-8 text (images, fonts) is compared byte for byte.
 */
export type FileContent = { kind: 'text'; text: string; eol: LineEnding } | { kind: 'binary'; bytes: Uint8Array }

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Classifies bytes as text (valid UTF-8 without NUL, as git decides) or binary. */
export function parseContent(bytes: Uint8Array): FileContent {
  if (bytes.includes(0)) return { kind: 'binary', bytes }
  let raw: string
  try {
    raw = utf8.decode(bytes)
  } catch {
    return { kind: 'binary', bytes }
  }
  return { kind: 'text', text: normaliseLineEndings(raw), eol: detectLineEnding(raw) }
}

/** Text content with LF endings, as a transform's output or a merge result becomes. */
export function textContent(text: string, eol: LineEnding): FileContent {
  return { kind: 'text', text: normaliseLineEndings(text), eol }
}

/** Reads and classifies a file; `undefined` when there is no file there. */
export async function readContent(path: string): Promise<FileContent | undefined> {
  const bytes = await readFileIfExists(path)
  return bytes && parseContent(bytes)
}

/** The hash the ledger records: of the LF-normalised text, or of the bytes. */
export function contentHash(content: FileContent): string {
  return sha256(content.kind === 'text' ? content.text : content.bytes)
}

/**
 * The bytes to write. Text is written with `eol` when given (the line ending of the file being
 * replaced), else with its own.
 */
export function contentBytes(content: FileContent, eol?: LineEnding): Uint8Array | string {
  if (content.kind === 'binary') return content.bytes
  const ending = eol ?? content.eol
  return ending === '\n' ? content.text : content.text.replace(/\n/g, '\r\n')
}

/** The bytes the base store keeps: LF text, so its name is its hash. */
export function normalisedBytes(content: FileContent): Uint8Array | string {
  return content.kind === 'text' ? content.text : content.bytes
}

/** True when the text still holds the markers an unresolved merge conflict leaves. */
export function hasConflictMarkers(content: FileContent): boolean {
  return content.kind === 'text' && /^<{7}( |$)[\s\S]*^={7}$[\s\S]*^>{7}( |$)/m.test(content.text)
}

/** CRLF when most line breaks are CRLF, else LF. */
export function detectLineEnding(raw: string): LineEnding {
  if (!raw.includes('\r\n')) return '\n'
  const crlf = raw.match(/\r\n/g)?.length ?? 0
  const all = raw.match(/\n/g)?.length ?? 0
  return crlf > 0 && crlf >= all - crlf ? '\r\n' : '\n'
}

/** Turns CRLF line breaks into LF. */
export function normaliseLineEndings(raw: string): string {
  return raw.includes('\r\n') ? raw.replace(/\r\n/g, '\n') : raw
}
