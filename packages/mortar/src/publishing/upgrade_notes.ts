import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LedgerEntry } from './ledger.js'

/** One `## <version>` section of a package's `UPGRADING.md`. */
export interface UpgradeNote {
  version: string
  /** The section's text, heading left out, trimmed. */
  text: string
}

/** The notes a package upgrade crosses, oldest first. */
export interface CrossedNotes {
  package: string
  from: string
  to: string
  notes: UpgradeNote[]
}

/**
 * The sections of `<package root>/UPGRADING.md` (none when the file is missing). A section starts
 * with a level-two heading whose first word is a version: `## 2.0.0`, `## v2.0.0 (2026-11-02)`.
 */
export function readUpgradeNotes(packageRoot: string): UpgradeNote[] {
  let text: string
  try {
    text = readFileSync(join(packageRoot, 'UPGRADING.md'), 'utf8')
  } catch {
    return []
  }
  const notes: UpgradeNote[] = []
  let current: { version: string; lines: string[] } | undefined
  for (const line of text.split(/\r?\n/)) {
    const heading = /^##\s+v?(\d+\.\d+\.\d+(?:-[\w.]+)?)\b/.exec(line)
    if (heading || /^#{1,2}\s/.test(line)) {
      if (current) notes.push({ version: current.version, text: current.lines.join('\n').trim() })
      current = heading ? { version: heading[1] as string, lines: [] } : undefined
    } else current?.lines.push(line)
  }
  if (current) notes.push({ version: current.version, text: current.lines.join('\n').trim() })
  return notes
}

/**
 * The notes between the version the app published from (the oldest version its ledger entries of
 * the package record) and the installed one: newer than `from`, up to and including `to`.
 * `undefined` when nothing of the package is published or no note is crossed.
 */
export function crossedNotes(
  name: string,
  packageRoot: string,
  installed: string,
  entries: readonly LedgerEntry[],
): CrossedNotes | undefined {
  const versions = entries.filter((entry) => entry.package === name).map((entry) => entry.version)
  if (versions.length === 0) return undefined
  const from = versions.sort(compareVersions)[0] as string
  if (compareVersions(from, installed) >= 0) return undefined
  const notes = readUpgradeNotes(packageRoot)
    .filter((note) => compareVersions(note.version, from) > 0 && compareVersions(note.version, installed) <= 0)
    .sort((a, b) => compareVersions(a.version, b.version))
  return notes.length ? { package: name, from, to: installed, notes } : undefined
}

/**
 * Orders two semantic versions: numbers by value, and a pre-release (`2.0.0-beta.1`) before its
 * release. Negative, zero or positive, as for `Array.prototype.sort`.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2)
  const [coreB = '', preB] = b.split('-', 2)
  const numbersA = coreA.split('.').map(Number)
  const numbersB = coreB.split('.').map(Number)
  for (let index = 0; index < 3; index++) {
    const difference = (numbersA[index] ?? 0) - (numbersB[index] ?? 0)
    if (difference !== 0) return difference
  }
  if (preA === preB) return 0
  if (preA === undefined) return 1
  if (preB === undefined) return -1
  return preA.localeCompare(preB, 'en', { numeric: true })
}
