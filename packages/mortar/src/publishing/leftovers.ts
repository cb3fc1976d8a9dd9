import { join } from 'node:path'
import { APP_LAYOUT } from '../app/layout.js'
import { publishedFolders } from '../resources/kinds.js'
import { removeTempFiles } from '../support/fs.js'

/**
 * Where publishing, updating and removing write in an app: the `.mortar` folder and each resource
 * kind's app folder (`RESOURCE_KINDS`). Only `.mortar` and the kinds' `vendor` folders are
 * searched below their first level.
 */
const WRITTEN_FOLDERS = [{ path: APP_LAYOUT.mortar, deep: true }, ...publishedFolders()]

/**
 * Deletes the temp files a publish, update or remove killed mid-write left behind
 * (`.<name>.<pid>.<random>.tmp` beside a destination). Called by the process that takes over the
 * lock of dead process `pid`, so nothing is still writing them. Returns the paths removed.
 */
export async function removeLeftoverTempFiles(appRoot: string, pid: number): Promise<string[]> {
  const removed: string[] = []
  for (const { path, deep } of WRITTEN_FOLDERS) removed.push(...(await removeTempFiles(join(appRoot, path), pid, { deep })))
  return removed
}
