import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * What a cache was built from: files (by size and modification time) and folders (by their list
 * of entries), and the app folder it belongs to. A cache is fresh while `fingerprintMatches` says
 * it is in the same folder and every input is as it was, so adding, removing or editing any input
 * rebuilds it, and so does copying or moving the app: a copy made with `cp -a` keeps every
 * mtime, and without the folder it would keep trusting the original's files.
 */
export interface Fingerprint {
  /** The app folder (real path) the cache was built for. */
  root: string
  files: Record<string, string>
  folders: Record<string, string>
}

export function takeFingerprint(root: string, files: string[], folders: string[] = []): Fingerprint {
  const fingerprint: Fingerprint = { root: realRoot(root), files: {}, folders: {} }
  for (const file of files) fingerprint.files[file] = fileStamp(file)
  for (const folder of folders) fingerprint.folders[folder] = folderStamp(folder)
  return fingerprint
}

export function fingerprintMatches(fingerprint: Fingerprint, root: string): boolean {
  if (fingerprint.root !== realRoot(root)) return false
  for (const [file, stamp] of Object.entries(fingerprint.files)) if (fileStamp(file) !== stamp) return false
  for (const [folder, stamp] of Object.entries(fingerprint.folders)) if (folderStamp(folder) !== stamp) return false
  return true
}

/** One spelling per folder, whichever path (relative, through a link) reached it. */
function realRoot(root: string): string {
  try {
    return realpathSync.native(root)
  } catch {
    return resolve(root)
  }
}

function fileStamp(file: string): string {
  try {
    const info = statSync(file)
    return `${info.size}:${info.mtimeMs}`
  } catch {
    return 'missing'
  }
}

function folderStamp(folder: string): string {
  try {
    // lstat: a link counts as the link (added, removed, re-pointed), not as what it points to,
    // so node_modules/<linked package> does not change the stamp each time that package builds.
    return readdirSync(folder)
      .sort()
      .map((name) => `${name}:${lstatSync(`${folder}/${name}`).mtimeMs}`)
      .join('|')
  } catch {
    return 'missing'
  }
}
