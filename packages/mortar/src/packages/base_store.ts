import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { exists, writeFileAtomic } from '../support/fs.js'
import { contentHash, type FileContent, normalisedBytes, parseContent } from './content.js'
import { SHA256_PATTERN } from './hashing.js'
import { type Ledger, MORTAR_FOLDER } from './ledger.js'

/**
 * `<app>/.mortar/base/`: what publishing wrote, one file per content hash. A three-way merge reads
 * its base here, so it works offline and after the old package version is gone.
 */
export function baseFolder(appRoot: string): string {
  return join(appRoot, MORTAR_FOLDER, 'base')
}

/** Keeps `content` as a merge base; returns its hash. Storing the same content twice is a no-op. */
export async function storeBase(appRoot: string, content: FileContent): Promise<string> {
  const hash = contentHash(content)
  const path = join(baseFolder(appRoot), hash)
  if (!(await exists(path))) await writeFileAtomic(path, normalisedBytes(content))
  return hash
}

/** The base stored under `hash`; `undefined` when it is missing or does not match its name. */
export async function readBase(appRoot: string, hash: string): Promise<FileContent | undefined> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(join(baseFolder(appRoot), hash))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const content = parseContent(bytes)
  return contentHash(content) === hash ? content : undefined
}

/** Deletes the bases no ledger entry refers to any more. */
export async function pruneBases(appRoot: string, ledger: Ledger): Promise<void> {
  const referenced = new Set<string>()
  for (const entry of Object.values(ledger.files)) {
    referenced.add(entry.written)
    if (entry.pending) referenced.add(entry.pending.written)
  }
  let names: string[]
  try {
    names = await readdir(baseFolder(appRoot))
  } catch {
    return
  }
  for (const name of names) {
    if (SHA256_PATTERN.test(name) && !referenced.has(name)) await rm(join(baseFolder(appRoot), name), { force: true })
  }
}
