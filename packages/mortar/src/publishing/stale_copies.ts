import type { Application } from '../app/application.js'
import { readLedger } from './ledger.js'
import { publishableFiles } from './package_files.js'
import { status } from './status.js'
import { compareVersions } from './upgrade_notes.js'

/** A package whose published files are behind the installed version. */
export interface StaleCopies {
  package: string
  /** Published files the installed version changed (or added to a resource published whole). */
  files: number
  /** The oldest version the app published from. */
  from: string
  installed: string
}

/**
 * The packages whose published copies are behind the installed version: what `craft serve`
 * says once at start in development. Reads only; a package with nothing published is skipped.
 */
export async function staleCopies(app: Application): Promise<StaleCopies[]> {
  const ledger = await readLedger(app.root)
  const published = new Set(Object.values(ledger.files).map((entry) => entry.package))
  const found: StaleCopies[] = []
  for (const loaded of app.packages.all()) {
    if (!published.has(loaded.name)) continue
    const report = await status(app.root, publishableFiles(loaded), { packages: [loaded.name] })
    const behind = report.files.filter((file) => ['changed-upstream', 'changed-both', 'added-upstream'].includes(file.state))
    if (behind.length === 0) continue
    const versions = report.files.map((file) => file.publishedVersion).filter((version): version is string => Boolean(version))
    found.push({ package: loaded.name, files: behind.length, from: versions.sort(compareVersions)[0] ?? '?', installed: loaded.version })
  }
  return found
}

/** One line per stale package, naming the command that brings it up to date. */
export function staleCopiesLine(stale: StaleCopies): string {
  const files = `${stale.files} published file${stale.files === 1 ? ' is' : 's are'}`
  return `Package "${stale.package}": ${files} behind the installed ${stale.installed} (published from ${stale.from}): run craft package:update ${stale.package}`
}
