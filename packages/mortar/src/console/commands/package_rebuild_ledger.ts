import { publishableFiles, rebuildLedger } from '../../publishing/index.js'
import { Command } from '../command.js'
import { printFileLines } from './file_lines.js'

/** `craft package:rebuild-ledger [<name>]`: recreates the publish ledger from the files on disk. */
export class PackageRebuildLedger extends Command {
  static override signature = 'package:rebuild-ledger {name? : one package (default: all)}'
  static override description = 'Recreate the publish ledger (.mortar/ledger.json) from the files on disk'

  async handle() {
    const name = this.argument<string | undefined>('name')
    const packages = name ? [this.app.packages.require(name)] : this.app.packages.all()
    const results = await rebuildLedger(
      this.root,
      packages.flatMap((loaded) => publishableFiles(loaded)),
    )
    printFileLines(this, results)
    this.line(`Ledger rebuilt: ${results.filter((result) => result.state !== 'not-published').length} published file(s) recorded.`)
  }
}
