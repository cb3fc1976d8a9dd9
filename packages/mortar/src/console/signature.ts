import { consoleErrors } from './errors.js'

/** A positional argument declared in a signature. */
export interface ArgumentSpec {
  name: string
  description: string
  optional: boolean
  variadic: boolean
  default?: string
}

/** An option (`--name`) declared in a signature. */
export interface OptionSpec {
  name: string
  short?: string
  description: string
  /** `{--limit=}` takes a value; `{--dry}` is a flag. */
  takesValue: boolean
  multiple: boolean
  default?: string
}

/** A parsed command signature. */
export interface CommandSpec {
  name: string
  arguments: ArgumentSpec[]
  options: OptionSpec[]
}

/**
 * Parses a Laravel/Masonite-style signature:
 * `name {arg} {arg?} {arg=default} {args*} {--flag} {--opt=} {--opt=default} {--opt=*} {--Q|queue}`,
 * each part optionally followed by ` : description`.
 *
 * @example
 * parseSignature('blog:import {file : the CSV file} {--dry : only show what would change}')
 */
export function parseSignature(signature: string): CommandSpec {
  const fail = (why: string) =>
    consoleErrors.E_COMMAND_SIGNATURE(`Command signature "${signature}" is invalid: ${why}`, {
      hint: 'Write it like: blog:import {file : the CSV file} {--dry : only show what would change}',
    })
  const name = /^\s*([^\s{]+)/.exec(signature)?.[1]
  if (!name || !/^[a-z][\w-]*(:[\w-]+)*$/i.test(name)) throw fail('it must start with a name such as blog:import')
  const spec: CommandSpec = { name, arguments: [], options: [] }
  const rest = signature.slice(signature.indexOf(name) + name.length)
  const parts = [...rest.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] as string)
  if (rest.replace(/\{[^}]*\}/g, '').trim() !== '') throw fail('text outside {…} after the name')
  for (const part of parts) {
    const [head = '', ...descriptionParts] = part.split(' : ')
    const description = descriptionParts.join(' : ').trim()
    const token = head.trim()
    if (token.startsWith('--')) {
      const match = /^--(?:([A-Za-z])\|)?([A-Za-z][\w-]*)(=(\*)?(.*))?$/.exec(token)
      if (!match) throw fail(`option "{${part}}"`)
      const [, short, optionName, equals, star, value] = match
      spec.options.push({
        name: optionName as string,
        short,
        description,
        takesValue: equals !== undefined,
        multiple: star !== undefined,
        default: equals !== undefined && value !== '' ? value : undefined,
      })
    } else {
      const match = /^([A-Za-z_][\w-]*)(\?\*|\*\?|\?|\*)?(?:=(.*))?$/.exec(token)
      if (!match) throw fail(`argument "{${part}}"`)
      const [, argumentName, modifier = '', value] = match
      const previous = spec.arguments.at(-1)
      if (previous?.variadic) throw fail(`"${argumentName}" comes after the variadic argument "${previous.name}"`)
      const optional = modifier.includes('?') || value !== undefined
      if (!optional && previous?.optional) throw fail(`required "${argumentName}" comes after an optional argument`)
      spec.arguments.push({ name: argumentName as string, description, optional, variadic: modifier.includes('*'), default: value })
    }
  }
  return spec
}
