import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Application } from '../app/application.js'
import { firstLine } from '../config/loader.js'
import { isMortarError, MortarError } from '../errors.js'
import { BOOT_CHECK_COMMAND } from '../installing/boot_check.js'
import { BUILTIN_COMMANDS } from './builtins.js'
import { buildCommandIndex, type IndexedCommand, readCommandIndex } from './command_index.js'
import { helpText, listText } from './help.js'
import { type Output, paint, terminalOutput } from './output.js'
import { runCommandClass } from './runner.js'
import { closest } from './suggest.js'

/**
 * `craft`: runs one command and resolves to its exit code. `list` and `help` answer from the
 * cached command index without importing the app; any other command boots the application (in
 * console mode) and imports only the command it runs.
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
      app = await bootApp(requireAppRoot(root ?? '.', first))
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
    app = await bootApp(root, { routes: builtin?.routes })
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

/**
 * Boots the application at `root` for a command. Its TypeScript is imported from the compile
 * cache (support/compile_cache.ts); tsx is registered only for a file the cache does not cover.
 * `routes: false` leaves out route files. The app's own commands are always loaded, so that a
 * package command clashing with one of them is reported whichever command runs.
 */
export async function bootApp(root: string, options: { routes?: boolean } = {}): Promise<Application> {
  const { Application } = await import('../app/application.js')
  const app = await Application.create({ root, mode: 'console', routes: options.routes })
  return app.boot()
}

async function indexFor(root: string | undefined): Promise<{ commands: IndexedCommand[]; app?: Application }> {
  const cached = readCommandIndex(root)
  if (cached) return { commands: cached }
  if (!root) return { commands: await buildCommandIndex(undefined) }
  const app = await bootApp(root)
  return { commands: await buildCommandIndex(app), app }
}

/** The app folder for a command that must run inside one, or an error saying so. */
export function requireAppRoot(cwd: string, command: string): string {
  const root = findAppRoot(cwd)
  if (!root) throw notInApp(command)
  return root
}

/** The nearest folder, from `cwd` up, that holds a Mortar app (package.json and config/app.ts). */
export function findAppRoot(cwd: string): string | undefined {
  let dir = resolve(cwd)
  for (;;) {
    const hasAppConfig = existsSync(join(dir, 'config', 'app.ts')) || existsSync(join(dir, 'config', 'app.js'))
    if (hasAppConfig && existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function unknownCommand(name: string, commands: IndexedCommand[]): MortarError {
  const suggestions = closest(
    name,
    commands.map((command) => command.name),
  )
  return new MortarError('E_COMMAND_NOT_FOUND', `Command "${name}" is not defined`, {
    hint: suggestions.length
      ? `Did you mean ${suggestions.join(', ')}? Run \`craft list\` for all.`
      : 'Run `craft list` to see the commands.',
  })
}

function notInApp(name: string): MortarError {
  return new MortarError('E_APP_NOT_FOUND', `"craft ${name}" must run inside a Mortar application (no config/ folder here or above)`, {
    hint: 'cd into the application folder first.',
  })
}

/** One line: what went wrong and what to do; the stack only with --verbose. */
export function reportFailure(error: unknown, output: Output, verbose: boolean): void {
  const message = isMortarError(error) ? error.message : firstLine(error)
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
