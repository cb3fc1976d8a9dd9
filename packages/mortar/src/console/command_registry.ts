import { type CommandClass, specOf } from './command.js'
import { consoleErrors } from './errors.js'

/** A registered command and who registered it: `mortar`, `app` or a package name. */
export interface RegisteredCommand {
  name: string
  command: CommandClass
  owner: string
}

/** The commands of one application; two owners registering one name is an error naming both. */
export class CommandRegistry {
  readonly #commands = new Map<string, RegisteredCommand>()

  add(command: CommandClass, owner: string): void {
    const name = specOf(command).name
    const other = this.#commands.get(name)
    if (other && other.command !== command) {
      throw consoleErrors.E_COMMAND_DUPLICATE(name, label(other.owner), label(owner))
    }
    this.#commands.set(name, { name, command, owner })
  }

  get(name: string): RegisteredCommand | undefined {
    return this.#commands.get(name)
  }

  all(): RegisteredCommand[] {
    return [...this.#commands.values()].sort((a, b) => a.name.localeCompare(b.name))
  }
}

function label(owner: string): string {
  return owner === 'app' ? 'the app' : owner === 'mortar' ? 'Mortar' : `package "${owner}"`
}
