import { type CommandClass, specOf } from './command.js'
import { consoleErrors } from './errors.js'

/** A registered command and who registered it: `mortar`, `app` or a package name. */
export interface RegisteredCommand {
  name: string
  command: CommandClass
  source: string
}

/** The commands of one application; two sources registering one name is an error naming both. */
export class CommandRegistry {
  readonly #commands = new Map<string, RegisteredCommand>()

  add(command: CommandClass, source: string): void {
    const name = specOf(command).name
    const other = this.#commands.get(name)
    if (other && other.command !== command) {
      throw consoleErrors.E_COMMAND_DUPLICATE(name, label(other.source), label(source))
    }
    this.#commands.set(name, { name, command, source })
  }

  get(name: string): RegisteredCommand | undefined {
    return this.#commands.get(name)
  }

  all(): RegisteredCommand[] {
    return [...this.#commands.values()].sort((a, b) => a.name.localeCompare(b.name))
  }
}

function label(source: string): string {
  return source === 'app' ? 'the app' : source === 'mortar' ? 'Mortar' : `package "${source}"`
}
