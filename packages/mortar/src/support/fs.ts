import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `contents` to `path` so that a reader (or a crash) sees either the old file or the new
 * one, never a partial write: the data goes to a temp file in the same folder, is flushed, and is
 * renamed over the destination. Parent folders are created.
 */
export async function writeFileAtomic(path: string, contents: string | Uint8Array, mode?: number): Promise<void> {
  const folder = dirname(path)
  await mkdir(folder, { recursive: true })
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, contents, { flush: true, mode })
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/** True when `path` exists (file, folder or link target). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}
