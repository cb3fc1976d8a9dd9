import { createInterface } from 'node:readline/promises'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { consoleErrors } from './errors.js'
import { type Colour, type Output, paint, terminalOutput } from './output.js'
import { type CommandSpec, parseSignature } from './signature.js'

type Values = Record<string, string | string[] | boolean | undefined>

/**
 * The booted application a command runs against (`this.app`). A command itself uses nothing of
 * it; the application merges itself into this interface (see the end of app/application.ts), so
 * `this.app` is the whole `Application` in every command, and console/ does not import app/.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in app/application.ts
export interface CommandApp {}

/**
 * A `craft` command. The static `signature` declares the name, arguments and options
 * (Laravel/Masonite style); `handle()` does the work and may return an exit code.
 *
 * @example
 * export class ImportPosts extends Command {
 *   static signature = 'blog:import {file : the CSV file} {--dry : only show what would change}'
 *   static description = 'Import posts from a CSV file'
 *   async handle() {
 *     this.info(`Importing ${this.argument('file')}${this.option('dry') ? ' (dry run)' : ''}`)
 *   }
 * }
 */
export abstract class Command {
  static signature = ''
  static description = ''
  /** Left out of `craft list`. */
  static hidden = false

  /** The booted application (for built-ins that run without one, undefined). */
  app!: CommandApp
  /** The application folder (the working directory outside an application). */
  root: string = process.cwd()
  output: Output = terminalOutput()
  /** Whether the user can be asked questions. */
  interactive = Boolean(process.stdin.isTTY)
  #arguments: Values = {}
  #options: Values = {}

  abstract handle(): unknown

  /** A positional argument's value (an array for `{files*}`). */
  argument<T extends string | string[] | undefined = string>(name: string): T {
    return this.#arguments[name] as T
  }

  /** An option's value: a boolean for flags, a string (or array) for `{--opt=}`. */
  option<T extends string | string[] | boolean | undefined = string | boolean | undefined>(name: string): T {
    return this.#options[name] as T
  }

  arguments(): Values {
    return { ...this.#arguments }
  }

  options(): Values {
    return { ...this.#options }
  }

  /** Set by the runner. */
  setInput(args: Values, options: Values): void {
    this.#arguments = args
    this.#options = options
  }

  line(text = ''): void {
    this.output.stdout(`${text}\n`)
  }

  info(text: string): void {
    this.line(paint(this.output, 'green', text))
  }

  comment(text: string): void {
    this.line(paint(this.output, 'dim', text))
  }

  warn(text: string): void {
    this.output.stderr(`${paint(this.output, 'yellow', text)}\n`)
  }

  error(text: string): void {
    this.output.stderr(`${paint(this.output, 'red', text)}\n`)
  }

  paint(colour: Colour, text: string): string {
    return paint(this.output, colour, text)
  }

  /** Prints rows as aligned columns under a header. */
  table(headers: string[], rows: string[][]): void {
    const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => visibleLength(row[i] ?? ''))))
    const format = (cells: string[]) =>
      cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] as number) - visibleLength(cell))))
        .join('  ')
        .trimEnd()
    this.line(paint(this.output, 'bold', format(headers)))
    for (const row of rows) this.line(format(row))
  }

  /**
   * Asks a yes/no question. Without a terminal the default answer is taken, and said, so a
   * script never hangs.
   */
  async confirm(question: string, fallback = false): Promise<boolean> {
    if (!this.interactive) {
      this.line(`${question} ${fallback ? 'yes' : 'no'} (no terminal to ask: default taken)`)
      return fallback
    }
    const answer = await this.ask(`${question} ${fallback ? '[Y/n]' : '[y/N]'}`)
    return answer === '' ? fallback : /^y(es)?$/i.test(answer)
  }

  /**
   * Asks for a line of text that must not show as it is typed, such as a password: the terminal
   * echoes nothing after the question, and the answer is returned as typed (not trimmed).
   */
  async secret(question: string): Promise<string> {
    let muted = false
    const output = new Writable({
      write(chunk, encoding, done) {
        if (!muted) process.stdout.write(chunk, encoding)
        done()
      },
    })
    const readline = createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) })
    try {
      // The question is written before question() returns; what follows is the typing.
      const answer = readline.question(`${question} `)
      muted = true
      return await answer
    } finally {
      readline.close()
      process.stdout.write('\n')
    }
  }

  /** Asks for a line of text. */
  async ask(question: string): Promise<string> {
    const readline = createInterface({ input: process.stdin, output: process.stdout })
    try {
      return (await readline.question(`${question} `)).trim()
    } finally {
      readline.close()
    }
  }
}

/** A command class, from the app, a package or Mortar itself. */
export type CommandClass = (abstract new () => Command) & {
  signature: string
  description: string
  hidden?: boolean
}

const specs = new WeakMap<CommandClass, CommandSpec>()

/** The parsed signature of a command class (parsed once). */
export function specOf(command: CommandClass): CommandSpec {
  let spec = specs.get(command)
  if (!spec) {
    spec = parseSignature(command.signature)
    specs.set(command, spec)
  }
  return spec
}

/**
 * Parses `argv` against a command's signature into argument and option values. A wrong count of
 * arguments or an unknown option is E_COMMAND_USAGE with the usage line.
 */
export function parseInput(spec: CommandSpec, argv: string[]): { args: Values; options: Values } {
  const usage = `Usage: craft ${usageLine(spec)}`
  const optionConfig: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {}
  for (const option of spec.options) {
    const config: (typeof optionConfig)[string] = { type: option.takesValue ? 'string' : 'boolean' }
    if (option.multiple) config.multiple = true
    if (option.short) config.short = option.short
    optionConfig[option.name] = config
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: argv, options: optionConfig, allowPositionals: true, strict: true })
  } catch (error) {
    throw consoleErrors.E_COMMAND_USAGE(`${spec.name}: ${(error as Error).message.split('\n')[0]}`, { hint: usage })
  }
  const options: Values = {}
  for (const option of spec.options) {
    const value = parsed.values[option.name]
    options[option.name] =
      (value as Values[string]) ?? (option.multiple ? (option.default ? [option.default] : []) : option.takesValue ? option.default : false)
  }
  const positionals = [...parsed.positionals]
  const args: Values = {}
  for (const argument of spec.arguments) {
    if (argument.variadic) {
      args[argument.name] = positionals.splice(0)
      if (!argument.optional && (args[argument.name] as string[]).length === 0) {
        throw consoleErrors.E_COMMAND_USAGE(`${spec.name}: missing argument "${argument.name}"`, { hint: usage })
      }
      continue
    }
    const value = positionals.shift()
    if (value === undefined && !argument.optional) {
      throw consoleErrors.E_COMMAND_USAGE(`${spec.name}: missing argument "${argument.name}"`, { hint: usage })
    }
    args[argument.name] = value ?? argument.default
  }
  if (positionals.length > 0) {
    throw consoleErrors.E_COMMAND_USAGE(`${spec.name}: unexpected argument "${positionals[0]}"`, { hint: usage })
  }
  return { args, options }
}

/** `blog:import <file> [--dry]` */
export function usageLine(spec: CommandSpec): string {
  const args = spec.arguments.map((a) => {
    const name = a.variadic ? `${a.name}...` : a.name
    return a.optional ? `[${name}]` : `<${name}>`
  })
  const options = spec.options.map((o) => `[--${o.name}${o.takesValue ? ' <value>' : ''}]`)
  return [spec.name, ...args, ...options].join(' ')
}

function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  return text.replace(/\u001b\[\d+m/g, '').length
}
