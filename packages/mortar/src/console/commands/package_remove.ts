import { Migrator } from '../../database/index.js'
import { MortarError } from '../../errors.js'
import { rebuildDiscoveryCache } from '../../packages/discovery.js'
import { runPackageManager } from '../../packages/package_manager.js'
import { editProvidersFile, removeProvider } from '../../packages/providers_file.js'
import { remove } from '../../packages/publishing.js'
import { refreshTypes } from '../../typegen/refresh_types.js'
import { Command } from '../command.js'

/**
 * `craft package:remove <name>`: rolls back the package's migrations (asking, or --force),
 * deletes the files it published that you have not changed (listing those you have), unregisters
 * it and uninstalls it.
 */
export class PackageRemove extends Command {
  static override signature =
    'package:remove {name : the package name (or its npm name)} {--force : roll back its migrations without asking}'
  static override description = 'Remove a package: roll back its migrations, delete its unchanged published files, uninstall it'

  async handle() {
    const name = this.argument('name')
    const loaded = this.app.packages.all().find((pkg) => pkg.npm?.npmName === name) ?? this.app.packages.require(name)
    const migrator = new Migrator(this.app.database, await this.app.allMigrationSources())
    const applied = (await migrator.status()).filter((row) => row.source === loaded.name && row.state === 'applied')
    if (applied.length > 0) {
      const question = `Roll back the ${applied.length} migration(s) of "${loaded.name}"? This drops what they created.`
      if (!this.option('force') && !(this.interactive && (await this.confirm(question, false)))) {
        throw new MortarError(
          'E_COMMAND_USAGE',
          `Package "${loaded.name}" has ${applied.length} applied migration(s); nothing was removed`,
          {
            hint: `Run again with --force to roll them back, or craft migrate:rollback --package ${loaded.name} first.`,
          },
        )
      }
      for (const result of await migrator.rollback({ source: loaded.name }))
        this.line(`${this.paint('yellow', 'rolled back')} ${result.name}`)
    }
    for (const result of await remove(this.root, loaded.name)) {
      if (result.state === 'deleted') this.line(`${this.paint('green', 'deleted')}     ${result.destination}`)
      else if (result.state === 'kept') {
        const why = result.resource === 'migrations' ? '; it will run again on craft migrate unless you delete it' : ''
        this.warn(`kept        ${result.destination} (changed by you${why})`)
      }
    }
    const npmName = loaded.npm?.npmName
    if (npmName) {
      if (await editProvidersFile(this.root, (text) => removeProvider(text, npmName)))
        this.line('Unregistered it from config/providers.ts (if it was listed)')
      this.line(`Uninstalling ${npmName}…`)
      await runPackageManager(this.root, 'remove', npmName, (text) => this.comment(text.trimEnd()))
      await rebuildDiscoveryCache(this.root)
    } else {
      this.warn(`Package "${loaded.name}" is not an npm package: remove its provider from config/providers.ts yourself.`)
    }
    const typesFailed = await refreshTypes(this.root)
    if (typesFailed) this.warn(`.mortar/types.d.ts was not refreshed: ${typesFailed} (run craft types)`)
    this.info(`Removed ${loaded.name}.`)
  }
}
