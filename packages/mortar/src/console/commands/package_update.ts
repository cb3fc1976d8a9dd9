import { bootCheck } from '../../installing/boot_check.js'
import { installingErrors } from '../../installing/errors.js'
import { Transaction } from '../../installing/journal.js'
import {
  type CrossedNotes,
  crossedNotes,
  hasConflicts,
  publishableFiles,
  publishingErrors,
  readLedger,
  type UpdateResult,
  update,
} from '../../publishing/index.js'
import { Command } from '../command.js'
import { printFileLines } from './file_lines.js'

/**
 * `craft package:update <name>`: brings published files to the installed version — unchanged
 * files replaced, files changed on both sides merged three-way, conflicts left with markers.
 */
export class PackageUpdate extends Command {
  static override signature = 'package:update {name : the package name} {--dry : show a unified diff of what would change, write nothing}'
  static override description = 'Bring published files up to the installed package version (three-way merge of your changes)'

  async handle() {
    const loaded = this.app.packages.require(this.argument('name'))
    const dry = Boolean(this.option('dry'))
    // Printed before anything changes: what the package's author says this upgrade needs.
    const crossed = crossedNotes(loaded.name, loaded.definition.root, loaded.version, Object.values((await readLedger(this.root)).files))
    if (crossed) this.printNotes(crossed)
    const files = publishableFiles(loaded)
    if (dry) return this.#print(await update(this.root, files, { dry, packages: [loaded.name] }), true)
    // One transaction: if the app does not boot with the updated files, they are all put back.
    const planned = await update(this.root, files, { dry: true, packages: [loaded.name] })
    if (planned.length === 0) return this.#print(planned, false)
    const transaction = await Transaction.begin(this.root, `package:update ${loaded.name}`)
    let results: UpdateResult[]
    try {
      await transaction.phase(
        'files',
        planned.map((result) => result.destination),
      )
      results = await update(this.root, files, { packages: [loaded.name] })
      // A conflict is left for you to resolve (the file cannot boot with markers in it).
      if (!hasConflicts(results)) {
        await transaction.phase('boot-check')
        const failure = await bootCheck(this.root)
        if (failure) {
          throw installingErrors.E_BOOT_CHECK_FAILED(
            `The app does not boot with the updated files of "${loaded.name}": ${failure}; nothing was changed`,
            {
              hint: "Everything was put back as it was. Read the package's upgrade notes, change your code, and run package:update again.",
            },
          )
        }
      }
      await transaction.commit()
    } catch (error) {
      this.line('Putting the app back as it was…')
      await transaction.rollback()
      throw error
    }
    this.#print(results, false)
  }

  #print(results: UpdateResult[], dry: boolean): void {
    const loadedName = this.argument('name')
    if (results.length === 0) this.line(`Nothing of package "${loadedName}" is published.`)
    printFileLines(this, results, {
      dry,
      detail: (result) =>
        result.fromVersion && result.toVersion && result.fromVersion !== result.toVersion
          ? ` (${result.fromVersion} → ${result.toVersion})`
          : '',
      below: (result) => (dry ? result.diff?.trimEnd() : undefined),
    })
    if (hasConflicts(results)) {
      const conflicted = results.filter((result) => result.state === 'conflict').map((result) => result.destination)
      throw publishingErrors.E_PUBLISH_CONFLICT(conflicted)
    }
  }

  /** The UPGRADING.md sections of each version crossed, oldest first. */
  private printNotes(crossed: CrossedNotes): void {
    this.line(this.paint('yellow', `Upgrade notes for "${crossed.package}" ${crossed.from} → ${crossed.to} (from its UPGRADING.md):`))
    for (const note of crossed.notes) {
      this.line('')
      this.line(this.paint('cyan', `## ${note.version}`))
      if (note.text) this.line(note.text)
    }
    this.line('')
  }
}
