import { crossedNotes, publishableFiles, readLedger, status } from '../../publishing/index.js'
import { Command } from '../command.js'
import { paintedState } from './file_lines.js'

/**
 * `craft package:status [<name>]`: each published file as unchanged, changed by you, changed
 * upstream or both; exits 1 when anything needs attention (for CI).
 */
export class PackageStatus extends Command {
  static override signature = 'package:status {name? : one package (default: every package with published files)}'
  static override description = 'Show each published file: unchanged, changed by you, changed upstream, or both'

  async handle() {
    const name = this.argument<string | undefined>('name')
    const ledger = await readLedger(this.root)
    const inLedger = [...new Set(Object.values(ledger.files).map((entry) => entry.package))]
    if (name !== undefined && !inLedger.includes(name)) this.app.packages.require(name)
    const packages = name === undefined ? inLedger : [name]
    const files = this.app.packages
      .all()
      .filter((loaded) => packages.includes(loaded.name))
      .flatMap((loaded) => publishableFiles(loaded))
    const report = await status(this.root, files, { packages })
    if (report.files.length === 0) {
      this.line(name ? `Nothing of package "${name}" is published.` : 'No package files are published.')
      return 0
    }
    this.table(
      ['State', 'Package', 'File', 'Versions'],
      report.files.map((file) => {
        const versions =
          file.publishedVersion && file.installedVersion && file.publishedVersion !== file.installedVersion
            ? `${file.publishedVersion} → ${file.installedVersion}`
            : (file.publishedVersion ?? file.installedVersion ?? '')
        return [paintedState(this, file.state), file.package, file.destination, versions]
      }),
    )
    for (const loaded of this.app.packages.all().filter((candidate) => packages.includes(candidate.name))) {
      const crossed = crossedNotes(loaded.name, loaded.definition.root, loaded.version, Object.values(ledger.files))
      if (!crossed) continue
      const versions = crossed.notes.map((note) => note.version).join(', ')
      this.warn(
        `Upgrade notes are waiting for "${loaded.name}" ${crossed.from} → ${crossed.to} (${versions}): craft package:update ${loaded.name} prints them.`,
      )
    }
    if (report.needsAttention) {
      this.warn('Some files need attention: run craft package:update <name> to bring them up to date.')
      return 1
    }
    return 0
  }
}
