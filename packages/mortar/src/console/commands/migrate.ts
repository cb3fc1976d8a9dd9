import { relative } from 'node:path'
import type { MigrationResult } from '../../database/index.js'
import { Migrator } from '../../database/index.js'
import { Command } from '../command.js'
import { consoleErrors } from '../errors.js'

/** The migrator for the booted app: each package's migrations, then the app's. */
async function migrator(command: Command): Promise<Migrator> {
  return new Migrator(command.app.database, await command.app.allMigrationSources(), { importer: command.app.importer })
}

function report(command: Command, results: MigrationResult[], nothing: string): void {
  if (results.length === 0) {
    command.line(nothing)
    return
  }
  for (const result of results) {
    const verb = result.direction === 'up' ? command.paint('green', 'migrated   ') : command.paint('yellow', 'rolled back')
    command.line(`${verb} ${label(result.source, result.name)}`)
    if (result.warning) command.warn(`  warning: ${result.warning}`)
  }
}

function label(source: string, name: string): string {
  return source === 'app' ? name : `${source}: ${name}`
}

/** `craft migrate`: runs every pending migration of the app and its packages as one batch. */
export class Migrate extends Command {
  static override signature = 'migrate'
  static override description = 'Run the pending migrations of the app and its packages (one batch, all or nothing)'

  async handle() {
    report(this, await (await migrator(this)).migrate(), 'Nothing to migrate.')
  }
}

/** `craft migrate:rollback`: undoes the last batch, N batches, or one package's migrations. */
export class MigrateRollback extends Command {
  static override signature =
    'migrate:rollback {--step= : how many batches to roll back (default 1)} {--package= : roll back the migrations of this package only}'
  static override description = 'Roll back the last batch of migrations (or --step N batches, or one --package)'

  async handle() {
    const stepOption = this.option<string | undefined>('step')
    const steps = stepOption === undefined ? undefined : Number(stepOption)
    if (steps !== undefined && (!Number.isInteger(steps) || steps < 1)) {
      throw consoleErrors.E_COMMAND_USAGE(`--step must be a whole number of at least 1, not "${stepOption}"`)
    }
    const source = this.option<string | undefined>('package')
    if (source !== undefined && source !== 'app') this.app.packages.require(source)
    report(this, await (await migrator(this)).rollback({ steps, source }), 'Nothing to roll back.')
  }
}

/** `craft migrate:status`: every migration with its source, batch and state. */
export class MigrateStatus extends Command {
  static override signature = 'migrate:status'
  static override description = 'Show each migration: its source, batch and whether it ran'

  async handle() {
    const rows = await (await migrator(this)).status()
    if (rows.length === 0) {
      this.line('No migrations.')
      return
    }
    this.table(
      ['State', 'Source', 'Migration', 'Batch', 'File'],
      rows.map((row) => [
        row.state === 'applied'
          ? this.paint('green', 'ran')
          : row.state === 'pending'
            ? this.paint('yellow', 'pending')
            : this.paint('red', 'missing'),
        row.source,
        row.name,
        row.batch === undefined ? '' : String(row.batch),
        row.file ? relative(this.root, row.file) + (row.published ? ' (published copy)' : '') : '',
      ]),
    )
    for (const row of rows) if (row.warning) this.warn(`warning: ${row.name}: ${row.warning}`)
  }
}

/** `craft migrate:fresh`: drops every table and runs all migrations again. */
export class MigrateFresh extends Command {
  static override signature = 'migrate:fresh {--force : allow it in production}'
  static override description = 'Drop every table and run all migrations from scratch'

  async handle() {
    if (this.app.isProduction && !this.option('force')) {
      throw consoleErrors.E_PRODUCTION_REFUSED('migrate:fresh', 'drops every table')
    }
    report(this, await (await migrator(this)).fresh(), 'Dropped every table; no migrations to run.')
  }
}
