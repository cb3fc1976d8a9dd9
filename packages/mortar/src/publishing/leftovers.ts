import { join } from 'node:path'
import { removeTempFiles } from '../support/fs.js'
import { MORTAR_FOLDER } from './ledger.js'

/**
 * Where publishing, updating and removing write in an app (see `publishableFiles()`): the
 * `.mortar` folder, config files, migrations, and the `vendor` folders of views and assets. Only
 * the `vendor` folders and `.mortar` are searched below their first level.
 */
const WRITTEN_FOLDERS = [
  { path: MORTAR_FOLDER, deep: true },
  { path: 'config', deep: false },
  { path: 'databases/migrations', deep: false },
  { path: 'templates/vendor', deep: true },
  { path: 'public/vendor', deep: true },
]

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
