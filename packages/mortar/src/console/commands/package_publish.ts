import { publish, publishableFiles, selectFiles } from '../../publishing/index.js'
import { Command } from '../command.js'
import { printFileLines } from './file_lines.js'
import { parseResources } from './package_shared.js'

/** `craft package:publish <name>`: copies a package's publishable files into the app, safely. */
export class PackagePublish extends Command {
  static override signature =
    'package:publish {name : the package name (see craft package:list)} {--resources= : only these, comma-separated: config,views,migrations,assets} {--only=* : only the files matching this path or glob inside the package} {--dry : print what would be written and change nothing} {--force : replace files you changed or that were already there}'
  static override description = "Copy a package's config, views, migrations and assets into the app to change them"

  async handle() {
    const loaded = this.app.packages.require(this.argument('name'))
    const resources = parseResources(loaded, this.option<string | undefined>('resources'))
    const dry = Boolean(this.option('dry'))
    const only = this.option<string[]>('only') ?? []
    const files = publishableFiles(loaded, resources)
    const chosen = only.length ? selectFiles(files, only, loaded.name) : files
    const results = await publish(this.root, chosen, { dry, force: Boolean(this.option('force')) })
    if (results.length === 0) this.line(`Package "${loaded.name}" has nothing to publish.`)
    printFileLines(this, results, { dry })
    const count = (state: string) => results.filter((result) => result.state === state).length
    const written = count('written') + count('overwritten')
    const skipped = count('skipped-changed') + count('skipped-exists')
    this.line(`${dry ? 'Dry run: ' : ''}${written} ${dry ? 'to write' : 'written'}, ${count('unchanged')} unchanged, ${skipped} skipped.`)
  }
}
