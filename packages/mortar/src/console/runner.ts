import type { Application } from '../app/application.js'
import { runWithApp } from '../app/current.js'
import { type CommandClass, parseInput, specOf } from './command.js'
import type { Output } from './output.js'

/** What a command runs with. */
export interface RunContext {
  output: Output
  /** The app folder, when there is one. */
  root?: string
  /** The booted app, for commands that need one. */
  app?: Application
  /** Whether questions can be asked (default: stdin is a TTY). */
  interactive?: boolean
}

/** Parses `argv` for the command, runs `handle()` and resolves to its exit code (0 unless it says). */
export async function runCommandClass(command: CommandClass, argv: string[], context: RunContext): Promise<number> {
  const { args, options } = parseInput(specOf(command), argv)
  const instance = new (command as unknown as new () => import('./command.js').Command)()
  instance.output = context.output
  if (context.interactive !== undefined) instance.interactive = context.interactive
  if (context.app) instance.app = context.app
  if (context.root) instance.root = context.root
  instance.setInput(args, options)
  const run = () => instance.handle()
  const result = context.app ? await runWithApp(context.app, run) : await run()
  return typeof result === 'number' ? result : 0
}
