import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Application } from '../app/application.js'
import { APP_LAYOUT } from '../app/layout.js'
import { type Environment, resolveEnvironment } from '../config/environment.js'
import { type Fingerprint, fingerprintMatches, takeFingerprint } from '../support/fingerprint.js'
import { writeFileAtomic } from '../support/fs.js'
import { readJson } from '../support/json_file.js'
import { BUILTIN_COMMANDS } from './builtins.js'
import { type CommandClass, specOf, usageLine } from './command.js'
import type { ArgumentSpec, OptionSpec } from './signature.js'

/** What `craft list` and `craft help` need of a command, without importing it. */
export interface IndexedCommand {
  name: string
  description: string
  usage: string
  arguments: ArgumentSpec[]
  options: OptionSpec[]
  /** `mortar`, `app` or a package name. */
  owner: string
  hidden: boolean
}

interface CommandIndexFile {
  version: 2
  /** Dev-only packages' commands exist only in development and test: the index holds for one environment. */
  environment?: Environment
  fingerprint: Fingerprint
  commands: IndexedCommand[]
}

const MORTAR_PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url))
const BUILTIN_FOLDER = fileURLToPath(new URL('./commands/', import.meta.url))

export function commandIndexPath(root: string): string {
  return join(root, APP_LAYOUT.framework, 'commands.json')
}

/** The cached index, when every file it was built from is unchanged. */
export function readCommandIndex(root: string | undefined): IndexedCommand[] | undefined {
  if (!root) return undefined
  const index = readJson<CommandIndexFile>(commandIndexPath(root))
  if (index?.version !== 2 || index.environment !== environmentOrUndefined(root)) return undefined
  return fingerprintMatches(index.fingerprint, root) ? index.commands : undefined
}

/**
 * Builds the index from the booted app's commands and Mortar's built-ins, and caches it when the
 * app has a storage/ folder. Its fingerprint covers what can add or change a command: the app's
 * package.json and lockfiles, config/providers.ts, app/commands/, Mortar itself, and each
 * package's package.json and provider file.
 */
export async function buildCommandIndex(app: Application | undefined): Promise<IndexedCommand[]> {
  const commands: IndexedCommand[] = []
  for (const [name, builtin] of Object.entries(BUILTIN_COMMANDS)) {
    const command = await builtin.load()
    commands.push(indexEntry(command, 'mortar', name))
  }
  if (app) {
    for (const registered of app.commands.all()) {
      if (!BUILTIN_COMMANDS[registered.name]) commands.push(indexEntry(registered.command, registered.owner))
    }
    const root = app.root
    const files = [
      join(root, 'package.json'),
      join(root, 'package-lock.json'),
      join(root, 'node_modules', '.package-lock.json'),
      join(root, APP_LAYOUT.config, 'providers.ts'),
      join(root, APP_LAYOUT.config, 'providers.js'),
      MORTAR_PACKAGE_JSON,
    ]
    for (const loaded of app.packages.all()) {
      if (!loaded.npm) continue
      files.push(join(loaded.npm.root, 'package.json'), loaded.npm.provider)
      if (loaded.npm.source) files.push(loaded.npm.source)
    }
    const index: CommandIndexFile = {
      version: 2,
      environment: app.environment,
      // node_modules too: a package whose link is deleted or added by hand changes no other input.
      fingerprint: takeFingerprint(root, files, [join(root, APP_LAYOUT.commands), join(root, 'node_modules'), BUILTIN_FOLDER]),
      commands,
    }
    if (existsSync(join(root, APP_LAYOUT.storage))) {
      await writeFileAtomic(commandIndexPath(root), `${JSON.stringify(index, null, 2)}\n`, { flush: false })
    }
  }
  return commands.sort((a, b) => a.name.localeCompare(b.name))
}

function indexEntry(command: CommandClass, owner: string, name?: string): IndexedCommand {
  const spec = specOf(command)
  return {
    name: name ?? spec.name,
    description: command.description ?? '',
    usage: usageLine(spec),
    arguments: spec.arguments,
    options: spec.options,
    owner,
    hidden: Boolean(command.hidden),
  }
}

/** The environment the app would boot in; undefined when it cannot be resolved (the boot reports why). */
function environmentOrUndefined(root: string): Environment | undefined {
  try {
    return resolveEnvironment(root).name
  } catch {
    return undefined
  }
}
