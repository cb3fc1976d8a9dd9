import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrationTimestamp } from '../../database/migration_header.js'
import { writeFileAtomic } from '../../support/fs.js'
import { snakeCase } from '../../support/names.js'
import { Command } from '../command.js'
import { consoleErrors } from '../errors.js'

const STUBS = fileURLToPath(new URL('../../../stubs/', import.meta.url))

/** Writes a file from a stub, refusing to replace one that exists. */
abstract class MakeFileCommand extends Command {
  protected async write(file: string, stub: string, values: Record<string, string>): Promise<void> {
    const path = join(this.root, file)
    if (existsSync(path)) {
      throw consoleErrors.E_FILE_EXISTS(file)
    }
    const text = readFileSync(join(STUBS, stub), 'utf8').replace(/\{\{ (\w+) \}\}/g, (_, key: string) => values[key] ?? '')
    await writeFileAtomic(path, text)
    this.info(`Created ${relative(this.root, path)}`)
  }
}

/** `craft make:controller Post` → app/controllers/post_controller.ts */
export class MakeController extends MakeFileCommand {
  static override signature = 'make:controller {name : the controller name, e.g. Post or PostController}'
  static override description = 'Create a controller class in app/controllers'

  async handle() {
    const base = pascal(this.argument('name')).replace(/Controller$/, '')
    await this.write(`app/controllers/${snakeCase(base)}_controller.ts`, 'controller.stub', { className: `${base}Controller` })
  }
}

/** `craft make:command SendReport` → app/commands/send_report.ts */
export class MakeCommand extends MakeFileCommand {
  static override signature = 'make:command {name : the class name, e.g. SendReport} {--command= : the command name (default: app:<name>)}'
  static override description = 'Create a craft command in app/commands'

  async handle() {
    const className = pascal(this.argument('name'))
    const commandName = this.option<string | undefined>('command') ?? `app:${snakeCase(className).replaceAll('_', '-')}`
    await this.write(`app/commands/${snakeCase(className)}.ts`, 'command.stub', { className, commandName })
  }
}

/** `craft make:migration create_posts_table` → databases/migrations/<timestamp>_create_posts_table.ts */
export class MakeMigration extends MakeFileCommand {
  static override signature = 'make:migration {name : what it does, e.g. create_posts_table}'
  static override description = 'Create a migration file in databases/migrations'

  async handle() {
    const name = snakeCase(this.argument('name')).replace(/[^a-z0-9_]/g, '_')
    const table = /^create_(\w+?)_table$/.exec(name)?.[1] ?? name.replace(/^(create|add|alter)_/, '')
    await this.write(`databases/migrations/${migrationTimestamp()}_${name}.ts`, 'migration.stub', { table })
  }
}

function pascal(name: string): string {
  return name.replace(/(^|[_\-\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase())
}
