import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { findAppRoot, notInApp, requireAppRoot } from '../app/app_root.js'
import type { Application } from '../app/application.js'
import { bootConsoleApp } from '../app/boot.js'
import { errorSummary, isMortarError, type MortarError } from '../errors.js'
import { BOOT_CHECK_COMMAND } from '../installing/boot_check.js'
import { BUILTIN_COMMANDS } from './builtins.js'
import { buildCommandIndex, type IndexedCommand, readCommandIndex } from './command_index.js'
import { consoleErrors } from './errors.js'
import { helpText, listText } from './help.js'
import { type Output, paint, terminalOutput } from './output.js'
import { runCommandClass } from './runner.js'
import { closest } from './suggest.js'

/**
 * `craft`: runs one command and resolves to its exit code. `list` and `help` answer from the
 * cached command index without importing the app; any other command boots the application with
 * the console runner (app/boot.ts) and imports only the command it runs.
 */
export async function main(argv: string[], options: { cwd?: string; output?: Output } = {}): Promise<number> {
  const output = options.output ?? terminalOutput()
  const verbose = argv.includes('--verbose')
  const args = argv.filter((arg) => arg !== '--verbose')
  let app: Application | undefined
  try {
    const root = findAppRoot(options.cwd ?? process.cwd())
    const [first, ...rest] = args
    if (first === BOOT_CHECK_COMMAND) {
      app = await bootConsoleApp(requireAppRoot(root ?? '.', first))
      app.httpKernel()
      const { writeAppTypes } = await import('../typegen/app_types.js')
      await writeAppTypes(app).catch(() => {})
      return 0
    }
    // A package command killed halfway is rolled back before anything else runs.
    if (root && (existsSync(join(root, '.mortar', 'journal.json')) || existsSync(join(root, '.mortar', 'journal')))) {
      await recover(root, output)
    }
    const name = first === undefined || first === '--help' || first === '-h' ? 'list' : first
    const wantsHelp = rest.includes('--help') || rest.includes('-h')

    if (name === 'list' || name === 'help' || wantsHelp) {
      const loaded = await indexFor(root)
      app = loaded.app
      if (name === 'list') {
        output.stdout(listText(loaded.commands, output))
        return 0
      }
      const target = name === 'help' ? rest[0] : name
      if (!target) {
        output.stdout(listText(loaded.commands, output))
        return 0
      }
      const entry = loaded.commands.find((command) => command.name === target)
      if (!entry) throw unknownCommand(target, loaded.commands)
      output.stdout(helpText(entry, output))
      return 0
    }

    const builtin = BUILTIN_COMMANDS[name]
    if (builtin && !builtin.needsApp) {
      return await runCommandClass(await builtin.load(), rest, { output, root })
    }
    if (!root) {
      if (builtin) throw notInApp(name)
      throw unknownCommand(name, await buildCommandIndex(undefined))
    }
    app = await bootConsoleApp(root, { routes: builtin?.routes })
    const command = builtin ? await builtin.load() : app.commands.get(name)?.command
    if (!command) throw unknownCommand(name, await buildCommandIndex(app))
    return await runCommandClass(command, rest, { output, root, app })
  } catch (error) {
    reportFailure(error, output, verbose)
    return 1
  } finally {
    await app?.shutdown().catch(() => {})
  }
}

async function recover(root: string, output: Output): Promise<void> {
  const { recoverInterrupted } = await import('../installing/journal.js')
  const line = await recoverInterrupted(root)
  if (line) output.stdout(`${paint(output, 'yellow', line)}\n`)
}

async function indexFor(root: string | undefined): Promise<{ commands: IndexedCommand[]; app?: Application }> {
  const cached = readCommandIndex(root)
  if (cached) return { commands: cached }
  if (!root) return { commands: await buildCommandIndex(undefined) }
  const app = await bootConsoleApp(root)
  return { commands: await buildCommandIndex(app), app }
}

function unknownCommand(name: string, commands: IndexedCommand[]): MortarError {
  const suggestions = closest(
    name,
    commands.map((command) => command.name),
  )
  return consoleErrors.E_COMMAND_NOT_FOUND(name, suggestions)
}

/** One line: what went wrong and what to do; the stack only with --verbose. */
export function reportFailure(error: unknown, output: Output, verbose: boolean): void {
  const message = isMortarError(error) ? error.message : errorSummary(error)
  const hint = isMortarError(error) ? error.hint : verbose ? undefined : 'Run again with --verbose for the stack.'
  output.stderr(`${paint(output, 'red', 'error')} ${message}${hint ? ` — ${hint}` : ''}\n`)
  if (verbose) {
    let current: unknown = error
    while (current instanceof Error) {
      output.stderr(`${current.stack}\n`)
      current = current.cause
      if (current) output.stderr('Caused by: ')
    }
  }
}
