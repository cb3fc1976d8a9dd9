import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of craft and its commands. */
export const consoleErrors = defineErrors({
  E_COMMAND_NOT_FOUND: {
    description: 'No command by that name',
    message: (name: string, _suggestions?: string[]) => `Command "${name}" is not defined`,
    hint: (_name: string, suggestions?: string[]) => {
      if (suggestions === undefined) return undefined
      return suggestions.length
        ? `Did you mean ${suggestions.join(', ')}? Run \`craft list\` for all.`
        : 'Run `craft list` to see the commands.'
    },
  },
  E_COMMAND_SIGNATURE: freeMessage("A command's signature cannot be parsed, or its file cannot be loaded"),
  E_COMMAND_DUPLICATE: {
    description: 'Two sources register the same command name',
    message: (name: string, first: string, second: string) => `Command "${name}" is registered by ${first} and by ${second}`,
    hint: 'Rename one of the commands.',
  },
  E_COMMAND_USAGE: freeMessage('Bad arguments or options for a command'),
  E_FILE_EXISTS: {
    description: 'A make: command would overwrite a file that exists',
    message: (file: string) => `${file} already exists`,
    hint: 'Choose another name, or delete the file first.',
  },
  E_PRODUCTION_REFUSED: {
    description: 'A command that destroys data refused to run in production without --force',
    message: (command: string, consequence: string) => `${command} ${consequence}: refusing in production`,
    hint: 'Add --force if you really mean it.',
  },
})
