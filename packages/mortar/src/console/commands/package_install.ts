import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Migrator } from '../../database/index.js'
import { MortarError } from '../../errors.js'
import { runPackageManager } from '../../packages/package_manager.js'
import { addProvider, arrayStrings, editProvidersFile, providersFile } from '../../packages/providers_file.js'
import { publishableFiles, publishableResources } from '../../packages/publishable_files.js'
import { publish } from '../../packages/publishing.js'
import { readJson } from '../../support/json_file.js'
import { writeAppTypes } from '../../typegen/app_types.js'
import { Command } from '../command.js'
import { bootApp, requireAppRoot } from '../entry.js'
import { STATE_STYLE } from './package_shared.js'

type Manifest = {
  name?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  mortar?: { provider?: string }
}

/**
 * `craft package:install <spec>`: installs an npm package, registers it, publishes what it marks
 * for install (its config by default), prints its notes and runs or offers its migrations.
 * Running it again changes nothing.
 */
export class PackageInstall extends Command {
  static override signature =
    'package:install {spec : an npm name, name@version, a folder or a .tgz} {--migrate : run its migrations without asking} {--no-migrate : do not run its migrations} {--dev : save it in devDependencies: loaded in development and test only}'
  static override description = 'Install a Mortar package from npm: register it, publish its config, run its migrations'

  async handle() {
    const root = requireAppRoot(this.root, 'package:install')
    const spec = this.argument('spec')
    const before = dependencies(root)
    this.line(`Installing ${spec}…`)
    await runPackageManager(root, 'add', spec, (text) => this.comment(text.trimEnd()), { dev: Boolean(this.option('dev')) })
    const npmName = installedName(root, spec, before)
    const manifest = readJson<Manifest>(join(root, 'node_modules', npmName, 'package.json'))
    if (!manifest?.mortar?.provider) {
      throw new MortarError(
        'E_PACKAGE_PROVIDER_INVALID',
        `npm package ${npmName} declares no Mortar provider (no "mortar" field in its package.json)`,
        {
          hint: `It was installed as a plain dependency; remove it with npm uninstall ${npmName} if that is not what you wanted.`,
        },
      )
    }
    await this.#register(root, npmName)
    await this.#finish(root, npmName)
  }

  /** Discovery covers a dependency unless the app opted out; then the providers list names it. */
  async #register(root: string, npmName: string): Promise<void> {
    const file = providersFile(root)
    const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
    const excluded = arrayStrings(text, 'dontDiscover')
    if (!excluded.includes('*') && !excluded.includes(npmName)) {
      this.line(`Registered ${npmName}: discovered from package.json`)
      return
    }
    if (arrayStrings(text).includes(npmName)) {
      this.line(`${npmName} is already registered in config/providers.ts`)
      return
    }
    const edited = await editProvidersFile(root, (current) => addProvider(current, npmName))
    if (edited) this.line(`Registered ${npmName} in config/providers.ts`)
    else this.warn(`Could not find the providers array in config/providers.ts: add this entry to it yourself:  '${npmName}',`)
  }

  async #finish(root: string, npmName: string): Promise<void> {
    const app = await bootApp(root)
    try {
      const loaded = app.packages.all().find((pkg) => pkg.npm?.npmName === npmName)
      if (!loaded && this.option('dev') && app.isProduction) {
        this.info(`Installed ${npmName} in devDependencies: it loads in development and test, not in this ${app.environment} environment.`)
        return
      }
      if (!loaded)
        throw new MortarError('E_PACKAGE_UNKNOWN', `${npmName} was installed but did not load as a package`, {
          hint: 'Check dontDiscover and the providers list in config/providers.ts.',
        })
      const resources = loaded.definition.installPublishes.filter((resource) => publishableResources(loaded).includes(resource))
      if (resources.length) {
        for (const result of await publish(root, publishableFiles(loaded, resources))) {
          const style = STATE_STYLE[result.state] ?? { word: result.state, colour: 'dim' as const }
          this.line(`${this.paint(style.colour, style.word.padEnd(12))} ${result.destination}`)
        }
      }
      if (loaded.definition.installNotes) this.line(`\n${loaded.definition.installNotes}\n`)
      const migrator = new Migrator(app.database, await app.allMigrationSources())
      const pending = (await migrator.status()).filter((row) => row.source === loaded.name && row.state === 'pending')
      if (pending.length > 0) {
        const run = this.option('no-migrate')
          ? false
          : this.option('migrate') || (await this.confirm(`Run its ${pending.length} migration(s) now?`, false))
        if (run) {
          for (const result of await migrator.migrate()) this.line(`${this.paint('green', 'migrated')}    ${result.source}: ${result.name}`)
        } else {
          this.line(`It has ${pending.length} migration(s) to run: craft migrate`)
        }
      }
      await writeAppTypes(app)
      this.info(`Installed ${loaded.name} (${npmName} ${loaded.version}).`)
    } finally {
      await app.shutdown()
    }
  }
}

function dependencies(root: string): Record<string, string> {
  const manifest = readJson<Manifest>(join(root, 'package.json')) ?? {}
  return { ...manifest.devDependencies, ...manifest.dependencies }
}

/** The npm name the spec installed: what changed in package.json, else what the spec names. */
function installedName(root: string, spec: string, before: Record<string, string>): string {
  const after = dependencies(root)
  const changed = Object.keys(after).filter((name) => before[name] !== after[name])
  if (changed.length === 1) return changed[0] as string
  const path = resolve(root, spec)
  if (existsSync(path) && statSync(path).isDirectory()) {
    const name = readJson<Manifest>(join(path, 'package.json'))?.name
    if (name) return name
  }
  if (existsSync(path) && /\.t(ar\.)?gz$/.test(path)) {
    const manifest = JSON.parse(execFileSync('tar', ['-xOzf', path, 'package/package.json'], { encoding: 'utf8' })) as Manifest
    if (manifest.name) return manifest.name
  }
  const match = /^(@[^/@]+\/[^@]+|[^@]+)(@.*)?$/.exec(spec)
  if (match && after[match[1] as string]) return match[1] as string
  throw new MortarError('E_INSTALL_FAILED', `Installed ${spec}, but cannot tell which package it is`, {
    hint: 'Install it by its npm name, e.g. craft package:install mortar-blog',
  })
}
