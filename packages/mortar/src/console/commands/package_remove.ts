import { rm } from 'node:fs/promises'
import { MortarError } from '../../errors.js'
import { bootCheck } from '../../installing/boot_check.js'
import { installingErrors } from '../../installing/errors.js'
import { Transaction } from '../../installing/journal.js'
import { runPackageManager } from '../../installing/package_manager.js'
import { editProvidersFile, removeProvider } from '../../installing/providers_file.js'
import { recordPaths, type UndoOutcome, undoEnv, undoStubs } from '../../installing/recipe_steps.js'
import { newestBatches, withPackageMigrator } from '../../installing/transaction_migrations.js'
import { rebuildDiscoveryCache } from '../../packages/discovery.js'
import type { LoadedPackage } from '../../packages/package_registry.js'
import { entriesOf, type InstallRecord, type Ledger, ledgerPath, readLedger, remove, writeLedger } from '../../publishing/index.js'
import { Command } from '../command.js'
import { printFileLines, stateLabel } from './file_lines.js'

/**
 * `craft package:remove <name>`: undoes what install did — rolls back the package's migrations
 * (asking, or --force), deletes the files it published, the stubs it copied and the env lines it
 * added that you have not changed (listing those you have), unregisters it and uninstalls it,
 * with the packages it required that nothing else needs. Then the app is booted in a child
 * process; if it does not boot, everything is put back. See docs/packages/install.md.
 */
export class PackageRemove extends Command {
  static override signature =
    'package:remove {name : the package name (or its npm name)} {--force : roll back its migrations without asking} {--dry : print every step, change nothing}'
  static override description = 'Remove a package and undo its install, as one transaction'

  async handle() {
    const name = this.argument('name')
    const loaded = this.app.packages.all().find((pkg) => pkg.npm?.npmName === name) ?? this.app.packages.require(name)
    const ledger = await readLedger(this.root)
    const installs = ledger.installs ?? {}
    const npmName = loaded.npm?.npmName
    const dependents = Object.entries(installs).filter(
      ([other, record]) => other !== loaded.name && npmName && record.requires.includes(npmName),
    )
    if (dependents.length) {
      throw installingErrors.E_PACKAGE_REQUIRED(
        loaded.name,
        dependents.map(([other]) => other),
      )
    }
    const targets = [loaded, ...this.#cascade(loaded, installs)]
    const dry = Boolean(this.option('dry'))
    const sources = targets
      .filter((target) => target.definition.migrations.length)
      .map((target) => ({ name: target.name, files: target.definition.migrations }))
    const applied = sources.length
      ? await withPackageMigrator(this.root, sources, async (migrator) =>
          (await migrator.status()).filter((row) => sources.some((source) => source.name === row.source) && row.state === 'applied'),
        )
      : []
    if (applied.length > 0 && !dry) {
      const question = `Roll back the ${applied.length} migration(s) of ${targets.map((target) => `"${target.name}"`).join(', ')}? This drops what they created.`
      if (!this.option('force') && !(this.interactive && (await this.confirm(question, false)))) {
        throw installingErrors.E_PACKAGE_HAS_MIGRATIONS(loaded.name, applied.length)
      }
    }
    if (dry) return this.#dry(targets, ledger, applied.length)

    const transaction = await Transaction.begin(this.root, `package:remove ${name}`)
    try {
      const paths = targets.flatMap((target) => [
        ...entriesOf(ledger, target.name).map((entry) => entry.destination),
        ...recordPaths(installs[target.name]),
      ])
      await transaction.phase('files', paths)
      if (applied.length > 0) {
        await withPackageMigrator(this.root, sources, async (migrator) => {
          await transaction.migrations({ direction: 'down', sources, batchBefore: await newestBatches(migrator, sources) })
          for (const source of sources) {
            for (const result of await migrator.rollback({ source: source.name }))
              this.line(`${this.paint('yellow', 'rolled back')} ${result.name}`)
          }
        })
      }
      for (const target of targets) await this.#undoInstall(target)
      const uninstall = targets.map((target) => target.npm?.npmName).filter((npm): npm is string => npm !== undefined)
      await transaction.packageManager([])
      for (const npm of uninstall) {
        this.line(`Uninstalling ${npm}…`)
        await runPackageManager(this.root, 'remove', npm, (text) => this.comment(text.trimEnd()))
      }
      await rebuildDiscoveryCache(this.root)
      await transaction.phase('boot-check')
      const failure = await bootCheck(this.root)
      if (failure) {
        throw installingErrors.E_BOOT_CHECK_FAILED(
          `The app does not boot without ${npmName ?? loaded.name}: ${failure}; nothing was changed`,
          {
            hint: `Everything was put back as it was. Stop using "${loaded.name}" in your code first, then remove it.`,
          },
        )
      }
      await transaction.commit()
    } catch (error) {
      this.line('Putting the app back as it was…')
      await transaction.rollback((text) => this.comment(text.trimEnd()))
      if (error instanceof MortarError && /nothing was changed/.test(error.message)) throw error
      throw new MortarError(
        error instanceof MortarError ? error.code : 'E_INSTALL_FAILED',
        `${error instanceof Error ? error.message : String(error)}; nothing was changed`,
        { cause: error, hint: error instanceof MortarError ? error.hint : undefined },
      )
    }
    this.info(`Removed ${targets.map((target) => target.name).join(', ')}.`)
  }

  /** The packages `loaded` required that go with it: installed only as requirements, needed by nothing left. */
  #cascade(loaded: LoadedPackage, installs: Record<string, InstallRecord>): LoadedPackage[] {
    const going = new Set([loaded.name])
    const result: LoadedPackage[] = []
    const queue = [...(installs[loaded.name]?.requires ?? [])]
    while (queue.length) {
      const npm = queue.shift() as string
      const required = this.app.packages.all().find((pkg) => pkg.npm?.npmName === npm)
      if (!required || going.has(required.name)) continue
      const record = installs[required.name]
      const stillNeeded = Object.entries(installs).filter(
        ([other, rec]) => !going.has(other) && other !== required.name && rec.requires.includes(npm),
      )
      if (record?.explicit || !record) {
        this.line(`Leaving ${npm} installed: you installed it yourself`)
      } else if (stillNeeded.length) {
        this.line(`Leaving ${npm} installed: still required by ${stillNeeded.map(([other]) => other).join(', ')}`)
      } else {
        going.add(required.name)
        result.push(required)
        queue.push(...record.requires)
      }
    }
    return result
  }

  async #undoInstall(target: LoadedPackage): Promise<void> {
    const removed = await remove(this.root, target.name)
    printFileLines(
      this,
      removed.filter((result) => result.state !== 'missing'),
      {
        warn: (result) => result.state === 'kept',
        detail: (result) =>
          result.state === 'kept' && result.resource === 'migrations' ? ' (it will run again on craft migrate unless you delete it)' : '',
      },
    )
    const ledger = await readLedger(this.root)
    const record = ledger.installs?.[target.name]
    if (record) {
      this.#report(await undoStubs(this.root, record))
      this.#report(await undoEnv(this.root, record.npmName, record))
      delete ledger.installs?.[target.name]
      if (ledger.installs && Object.keys(ledger.installs).length === 0) delete ledger.installs
      // A ledger left recording nothing goes: the install made it, and a missing ledger reads as
      // an empty one, so the app is as it was before the install.
      if (Object.keys(ledger.files).length === 0 && !ledger.installs) await rm(ledgerPath(this.root), { force: true })
      else await writeLedger(this.root, ledger)
    }
    const npmName = target.npm?.npmName
    if (npmName) {
      if (await editProvidersFile(this.root, (text) => removeProvider(text, npmName)))
        this.line(`Unregistered ${npmName} from config/providers.ts`)
    } else {
      this.warn(`Package "${target.name}" is not an npm package: remove its provider from config/providers.ts yourself.`)
    }
  }

  /** The stubs and env lines undone, as the published files are: those you changed are kept. */
  #report(outcomes: UndoOutcome[]): void {
    const lines = outcomes.filter((outcome) => outcome.state !== 'missing').map(({ state, what }) => ({ state, destination: what }))
    printFileLines(this, lines, { warn: (line) => line.state === 'kept' })
  }

  async #dry(targets: LoadedPackage[], ledger: Ledger, migrations: number): Promise<void> {
    if (migrations > 0) this.line(`Would roll back ${migrations} migration(s) (asks, or --force)`)
    for (const target of targets) {
      this.line(this.paint('bold', `Would remove ${target.name}${target.npm ? ` (${target.npm.npmName} ${target.version})` : ''}:`))
      for (const result of await remove(this.root, target.name, { dry: true })) {
        this.line(`  published   ${result.destination}: ${stateLabel(result.state, true)}`)
      }
      const record = ledger.installs?.[target.name]
      if (record) {
        for (const outcome of [
          ...(await undoStubs(this.root, record, true)),
          ...(await undoEnv(this.root, record.npmName, record, true)),
        ]) {
          const step = outcome.what.startsWith('.env') ? 'env' : 'stub'
          this.line(`  ${step.padEnd(11)} ${outcome.what}: ${stateLabel(outcome.state, true)}`)
        }
      }
      if (target.npm) this.line(`  unregister  ${target.npm.npmName} (config/providers.ts, if listed), then uninstall it`)
    }
    this.line('Dry run: nothing was changed.')
  }
}
