import { lstatSync, readdirSync, statSync } from 'node:fs'

/**
 * What a cache was built from: files (by size and modification time) and folders (by their list
 * of entries). A cache is fresh while `fingerprintMatches` says every input is as it was, so
 * adding, removing or editing any input rebuilds it.
 */
export interface Fingerprint {
  files: Record<string, string>
  folders: Record<string, string>
}

export function takeFingerprint(files: string[], folders: string[] = []): Fingerprint {
  const fingerprint: Fingerprint = { files: {}, folders: {} }
  for (const file of files) fingerprint.files[file] = fileStamp(file)
  for (const folder of folders) fingerprint.folders[folder] = folderStamp(folder)
  return fingerprint
}

export function fingerprintMatches(fingerprint: Fingerprint): boolean {
  for (const [file, stamp] of Object.entries(fingerprint.files)) if (fileStamp(file) !== stamp) return false
  for (const [folder, stamp] of Object.entries(fingerprint.folders)) if (folderStamp(folder) !== stamp) return false
  return true
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
