import { rebuildDiscoveryCache } from '../../packages/discovery.js'
import { Command } from '../command.js'

/** `craft package:discover`: rebuilds the cache of installed Mortar packages. */
export class PackageDiscover extends Command {
  static override signature = 'package:discover'
  static override description =
    'Rebuild the cache of installed Mortar packages (it also rebuilds itself when package.json or the lockfile changes)'

  async handle() {
    const packages = await rebuildDiscoveryCache(this.root)
    if (packages.length === 0) this.line('No Mortar packages installed.')
    for (const pkg of packages) this.line(`Discovered ${this.paint('green', pkg.npmName)} ${pkg.version}${pkg.linked ? ' (linked)' : ''}`)
  }
}
