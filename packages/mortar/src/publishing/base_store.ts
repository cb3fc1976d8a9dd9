import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../support/fs.js'
import { FILE_JOBS, mapPool } from '../support/pool.js'
import { SHA256_PATTERN } from '../support/sha256.js'
import { contentHash, type FileContent, normalisedBytes, parseContent } from './content.js'
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
  await keep(join(baseFolder(appRoot), hash), normalisedBytes(content))
  return hash
}

/**
 * {@link storeBase} for many contents, {@link FILE_JOBS} at a time, listing the store once
 * instead of looking for each base; returns their hashes in order.
 */
export async function storeBases(appRoot: string, contents: readonly FileContent[]): Promise<string[]> {
  const hashes = contents.map(contentHash)
  const unique = new Map(contents.map((content, index) => [hashes[index] as string, content]))
  if (unique.size === 0) return hashes
  const folder = baseFolder(appRoot)
  await mkdir(folder, { recursive: true })
  const stored = new Set(await readdir(folder))
  await mapPool([...unique], FILE_JOBS, ([hash, content]) => keep(join(folder, hash), normalisedBytes(content), stored.has(hash)))
  return hashes
}

// A base already there is left alone, unless its size says it is not what its name says (one
// cut short by a power loss). Bases are written without fsync: each is a copy of a package's file,
// which the package can give again, and readBase() refuses one that does not match its name.
async function keep(path: string, bytes: string | Uint8Array, listed = true): Promise<void> {
  if (listed && (await sizeOf(path)) === byteLength(bytes)) return
  await writeFileAtomic(path, bytes, { flush: false })
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch {
    return undefined
  }
}

function byteLength(bytes: string | Uint8Array): number {
  return typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength
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
