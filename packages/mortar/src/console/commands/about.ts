import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_LAYOUT } from '../../app/layout.js'
import { redactUrl } from '../../database/index.js'
import { declaredParts } from '../../packages/declarations.js'
import type { LoadedPackage } from '../../packages/package_registry.js'
import { readLedger } from '../../publishing/index.js'
import { RESOURCE_KINDS } from '../../resources/kinds.js'
import { Command } from '../command.js'

type Line = string | number | boolean | null

/** `craft about [--json]`: the application and its packages at a glance. */
export class About extends Command {
  static override signature = 'about {--json : print JSON, for tools}'
  static override description = 'Show the application at a glance: versions, environment, drivers and each package'

  async handle() {
    const app = this.app
    const ledger = await readLedger(this.root)
    const underTsx = process.execArgv.some((arg) => arg.includes('tsx')) || process.env.MORTAR_COMPILE_CACHE === '0'
    const facts = {
      application: {
        Name: app.config.get<string>('app.name', '') || null,
        Root: this.root,
        Environment: app.environment,
        Debug: debugShown(app.config.get('app.debug'), app.isProduction),
        'Mortar version': mortarVersion(),
        'Node version': process.version,
      },
      drivers: {
        Database: `${app.database.dialect} (${redactUrl(app.config.get<string>('database.url', ''))})`,
        Session: app.config.get<string>('session.driver', '') || 'none',
        Mail: app.config.get<string>('mail.driver', '') || 'none',
        'Compile cache': underTsx ? 'off (TypeScript loaded as it is)' : `on (${APP_LAYOUT.compiled})`,
      },
      counts: {
        Routes: app.routes.all().length,
        Commands: app.commands.all().length,
        Packages: app.packages.all().length,
      },
    } satisfies Record<string, Record<string, Line>>
    const packages = app.packages.all().map((loaded) => {
      const published: Record<string, number> = {}
      for (const entry of Object.values(ledger.files)) {
        if (entry.package === loaded.name) published[entry.resource] = (published[entry.resource] ?? 0) + 1
      }
      return {
        name: loaded.name,
        npm: loaded.npm?.npmName ?? null,
        version: loaded.version,
        linked: Boolean(loaded.npm?.linked),
        resources: resourcesOf(loaded),
        published,
        overrides: overridesOf(this.root, loaded),
      }
    })
    const sections = app.about.resolve()

    if (this.option('json')) {
      this.line(JSON.stringify({ ...facts, packages, sections }, null, 2))
      return
    }
    this.#section('Application', facts.application)
    this.#section('Drivers', facts.drivers)
    this.#section('Counts', facts.counts)
    this.line(this.paint('green', 'Packages'))
    if (packages.length === 0) this.line('  none')
    for (const pkg of packages) {
      const published = Object.entries(pkg.published).map(([resource, count]) => `${resource}(${count})`)
      this.#pair(pkg.name, `${pkg.npm ?? '(local provider)'} ${pkg.version}${pkg.linked ? ' (linked)' : ''}`)
      this.#pair('  resources', pkg.resources.join(', ') || '—')
      this.#pair('  published', published.join(', ') || '—')
      this.#pair('  overridden by the app', pkg.overrides.length ? pkg.overrides.join(', ') : '—')
    }
    for (const [section, lines] of Object.entries(sections)) {
      this.line('')
      this.#section(section, lines)
    }
  }

  #section(title: string, lines: Record<string, Line>): void {
    this.line(this.paint('green', title))
    for (const [key, value] of Object.entries(lines)) this.#pair(key, value === null ? '—' : String(value))
    this.line('')
  }

  #pair(key: string, value: string): void {
    this.line(`  ${key.padEnd(28, ' ')} ${value}`)
  }
}

function mortarVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}

/** What the package declares; middleware is left out here. */
function resourcesOf(loaded: LoadedPackage): string[] {
  return declaredParts(loaded.definition)
    .map((part) => part.label)
    .filter((label) => label !== 'middleware')
}

/** The app's own copies that win over the package's: its config file, and its files in each kind's vendor folder. */
function overridesOf(root: string, loaded: LoadedPackage): string[] {
  const found: string[] = []
  const config = ['ts', 'js', 'mjs', 'mts']
    .map((ext) => `${APP_LAYOUT.config}/${loaded.name}.${ext}`)
    .find((file) => existsSync(join(root, file)))
  if (config) found.push(config)
  for (const rules of Object.values(RESOURCE_KINDS)) {
    if (!rules.vendor) continue
    const folder = `${rules.appFolder}/${loaded.name}`
    const count = countFiles(join(root, folder))
    if (count > 0) found.push(`${folder}/ (${count} file${count === 1 ? '' : 's'})`)
  }
  return found
}

function countFiles(folder: string): number {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length
  } catch {
    return 0
  }
}

/** app.debug as the error pages read it: unset means on except in production. */
function debugShown(configured: unknown, production: boolean): boolean {
  return configured === undefined ? !production : configured === true || configured === 'true'
}
