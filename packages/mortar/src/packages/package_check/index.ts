import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { readJson } from '../../support/json_file.js'
import { checkManifest } from './manifest.js'
import { loadDefinition } from './provider.js'
import { checkRegistry } from './registry.js'
import type { Manifest, PackageCheckReport } from './report.js'
import { checkImports, checkPacked, packedFiles } from './tarball.js'

export type { PackageCheckReport } from './report.js'

/**
 * Runs every check of `craft package:check` on the package in `folder`, before it is released:
 * package.json (manifest.ts), the provider loads and names the package validly (provider.ts),
 * every file it declares, every local file its modules import and the `mortar` and `exports`
 * targets are in the tarball `npm pack` would make (tarball.ts), and the version is not on the
 * registry yet (registry.ts). What each resource kind declares comes from `RESOURCE_KINDS`.
 * Never throws for a problem of the package: each is a line of the report.
 *
 * @example
 * const report = await checkPackage('/work/mortar-blog')
 * if (report.problems.length) console.error(report.problems.join('\n'))
 */
export async function checkPackage(folder: string): Promise<PackageCheckReport> {
  const report: PackageCheckReport = { passed: [], warnings: [], problems: [] }
  const manifest = readJson<Manifest>(join(folder, 'package.json'))
  if (!manifest) {
    report.problems.push(`${folder} has no readable package.json: run craft package:check in the package's folder`)
    return report
  }
  const root = realpathSync(folder)
  checkManifest(manifest, report)
  const definition = await loadDefinition(root, manifest, report)

  const packed = packedFiles(root, report)
  if (packed) {
    checkPacked(root, manifest, definition, packed, report)
    if (definition) await checkImports(root, manifest, definition, packed, report)
    checkRegistry(root, manifest, report)
  }
  return report
}
