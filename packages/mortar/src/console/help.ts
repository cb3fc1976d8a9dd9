import type { IndexedCommand } from './command_index.js'
import { type Output, paint } from './output.js'

/** `craft list`: every command grouped by namespace, with where it comes from. */
export function listText(commands: IndexedCommand[], output: Output): string {
  const visible = commands.filter((command) => !command.hidden)
  const width = Math.max(...visible.map((command) => command.name.length), 4) + 2
  const lines = [
    `${paint(output, 'bold', 'Mortar craft')}`,
    '',
    `${paint(output, 'yellow', 'Usage:')} craft <command> [arguments] [options]   (craft help <command> for details)`,
    `${paint(output, 'yellow', 'Options:')} --help  show a command's help;  --verbose  show stack traces`,
    '',
    paint(output, 'yellow', 'Available commands:'),
  ]
  let group = ''
  // Top-level commands first, then each namespace (make:, migrate:, …) together.
  const key = (name: string) => (name.includes(':') ? `1${name}` : `0${name}`)
  for (const command of [...visible].sort((a, b) => key(a.name).localeCompare(key(b.name)))) {
    const namespace = command.name.includes(':') ? (command.name.split(':')[0] as string) : ''
    if (namespace !== group) {
      group = namespace
      lines.push(` ${paint(output, 'yellow', namespace)}`)
    }
    const from =
      command.owner === 'mortar' ? '' : paint(output, 'dim', ` [${command.owner === 'app' ? 'app' : `package ${command.owner}`}]`)
    lines.push(`  ${paint(output, 'green', command.name.padEnd(width))}${command.description}${from}`)
  }
  return `${lines.join('\n')}\n`
}

/** `craft help <command>`: description, usage, arguments and options. */
export function helpText(command: IndexedCommand, output: Output): string {
  const lines = []
  if (command.description) lines.push(paint(output, 'yellow', 'Description:'), `  ${command.description}`, '')
  lines.push(paint(output, 'yellow', 'Usage:'), `  craft ${command.usage}`, '')
  if (command.arguments.length) {
    lines.push(paint(output, 'yellow', 'Arguments:'))
    const width = Math.max(...command.arguments.map((a) => a.name.length)) + 2
    for (const argument of command.arguments) {
      const extra = argument.default !== undefined ? ` [default: ${argument.default}]` : argument.optional ? ' (optional)' : ''
      lines.push(`  ${paint(output, 'green', argument.name.padEnd(width))}${argument.description}${extra}`)
    }
    lines.push('')
  }
  const options = [
    ...command.options.map((o) => ({
      label: `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.takesValue ? `=${o.name.toUpperCase()}` : ''}`,
      text: `${o.description}${o.default !== undefined ? ` [default: ${o.default}]` : ''}${o.multiple ? ' (repeatable)' : ''}`,
    })),
    { label: '-h, --help', text: 'Show this help' },
    { label: '    --verbose', text: 'Show stack traces of errors' },
  ]
  const width = Math.max(...options.map((o) => o.label.length)) + 2
  lines.push(paint(output, 'yellow', 'Options:'))
  for (const option of options) lines.push(`  ${paint(output, 'green', option.label.padEnd(width))}${option.text}`)
  if (command.owner !== 'mortar')
    lines.push('', paint(output, 'dim', `From ${command.owner === 'app' ? 'the app' : `package ${command.owner}`}.`))
  return `${lines.join('\n')}\n`
}
