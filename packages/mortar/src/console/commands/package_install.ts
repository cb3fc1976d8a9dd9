import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { requireAppRoot } from '../../app/app_root.js'
import type { Application } from '../../app/application.js'
import { MortarError } from '../../errors.js'
import { bootCheck } from '../../installing/boot_check.js'
import { installingErrors } from '../../installing/errors.js'
import type { MigrateMode } from '../../installing/install_recipe.js'
import { Transaction } from '../../installing/journal.js'
import { runPackageManager } from '../../installing/package_manager.js'
import { addProvider, arrayStrings, editProvidersFile, providersFile } from '../../installing/providers_file.js'
import { applyEnv, applyStubs, startRecord, stubDestinations } from '../../installing/recipe_steps.js'
import { newestBatches, withPackageMigrator } from '../../installing/transaction_migrations.js'
import { fetchPackage, readPackage, specName } from '../../packages/package_reader.js'
import type { LoadedPackage } from '../../packages/package_registry.js'
import {
  type InstallRecord,
  type PublishResult,
  publish,
  publishableFiles,
  publishableResources,
  readLedger,
  writeLedger,
} from '../../publishing/index.js'
import { readJson } from '../../support/json_file.js'
import { Command } from '../command.js'
import { printFileLine, printFileLines, stateLabel } from './file_lines.js'

type Manifest = {
  name?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

/** A package this install brings in: the one asked for, or one its recipe requires. */
interface Target {
  loaded: LoadedPackage
  npmName: string
  /** Asked for by you (not only required by another package). */
  explicit: boolean
  /** npm names of the packages its recipe requires. */
  requires: string[]
}

/**
 * `craft package:install <spec>`: installs an npm package (and first the packages its recipe
 * requires), then applies its install recipe — registers it, adds its env variables, publishes
 * what it marks for install, copies its stubs, runs or offers its migrations — boots the app in a
 * child process to check it still starts, and prints the package's notes. The whole command is
 * one transaction: a failure at any step, or a kill, leaves the app as it was. Running it again
 * changes nothing. See docs/packages/install.md.
 */
export class PackageInstall extends Command {
  static override signature =
    'package:install {spec : an npm name, name@version, a folder or a .tgz} {--dry : print every step, change nothing} {--yes : apply without asking (for CI)} {--migrate : run its migrations without asking} {--no-migrate : do not run its migrations} {--dev : save it in devDependencies: loaded in development and test only}'
  static override description = 'Install a Mortar package from npm and apply its install recipe, as one transaction'

  async handle() {
    const root = requireAppRoot(this.root, 'package:install')
    const spec = this.argument('spec')
    if (this.option('dry')) return this.#dry(root, spec)
    const { Application } = await import('../../app/application.js')
    const app = await Application.create({ root })
    const transaction = await Transaction.begin(root, `package:install ${spec}`)
    let targets: Target[] = []
    try {
      targets = await this.#installTree(app, transaction, spec, true, new Set())
      const plans = await Promise.all(targets.map((target) => this.#plan(root, target)))
      this.#printPlan(plans, false)
      if (this.interactive && !this.option('yes') && !(await this.confirm('Apply these steps?', true))) {
        throw installingErrors.E_INSTALL_DECLINED()
      }
      await transaction.phase(
        'files',
        plans.flatMap((plan) => plan.paths),
      )
      for (const plan of plans) await this.#apply(root, plan)
      await this.#migrate(root, transaction, plans)
      await transaction.phase('boot-check')
      const failure = await bootCheck(root)
      if (failure) {
        throw installingErrors.E_BOOT_CHECK_FAILED(
          `The app does not boot with ${targets.at(-1)?.npmName}: ${failure}; nothing was changed`,
          {
            hint: 'Everything was put back as it was. Fix the package (or your code that uses it) and install again.',
          },
        )
      }
      await transaction.commit()
    } catch (error) {
      this.line('Putting the app back as it was…')
      await transaction.rollback((text) => this.comment(text.trimEnd()))
      if (error instanceof MortarError && /nothing was changed/.test(`${error.message} ${error.hint}`)) throw error
      throw new MortarError(
        error instanceof MortarError ? error.code : 'E_INSTALL_FAILED',
        `${error instanceof Error ? error.message : String(error)}; nothing was changed`,
        { cause: error, hint: error instanceof MortarError ? error.hint : undefined },
      )
    }
    for (const target of targets) if (target.loaded.definition.installNotes) this.line(`\n${target.loaded.definition.installNotes}\n`)
    const main = targets.at(-1)
    if (main) this.info(`Installed ${main.loaded.name} (${main.npmName} ${main.loaded.version}).`)
    if (main && this.option('dev') && app.isProduction) {
      this.info(`It is in devDependencies: it loads in development and test, not in this ${app.environment} environment.`)
    }
  }

  /** Installs `spec` with the package manager, then what its recipe requires; requirements come first. */
  async #installTree(app: Application, transaction: Transaction, spec: string, explicit: boolean, seen: Set<string>): Promise<Target[]> {
    const root = app.root
    const named = specName(root, spec)
    if (named && seen.has(named)) return []
    const before = dependencies(root)
    const ledger = await readLedger(root)
    const present = named !== undefined && before[named] !== undefined && existsSync(join(root, 'node_modules', named))
    const recorded = Object.values(ledger.installs ?? {}).some((record) => record.npmName === named)
    if (!explicit && present && recorded) {
      this.line(`${named} is already installed`)
      return []
    }
    if (explicit || !present) {
      await transaction.packageManager(named && before[named] === undefined ? [named] : [])
      this.line(`Installing ${spec}…`)
      // --dev is for the package asked for; what it requires is saved as the package manager decides.
      await runPackageManager(root, 'add', spec, (text) => this.comment(text.trimEnd()), { dev: explicit && Boolean(this.option('dev')) })
    }
    const npmName = installedName(root, spec, before)
    seen.add(npmName)
    const loaded = await readPackage(app, join(root, 'node_modules', npmName))
    const requires = loaded.definition.installRecipe?.requires ?? []
    const targets: Target[] = []
    const requiredNames: string[] = []
    for (const required of requires) {
      const installed = await this.#installTree(app, transaction, required, false, seen)
      targets.push(...installed)
      requiredNames.push(installed.at(-1)?.npmName ?? specName(root, required) ?? required)
    }
    targets.push({ loaded, npmName, explicit, requires: requiredNames })
    return targets
  }

  /** What applying one package's recipe will do, computed before anything is written. */
  async #plan(root: string, target: Target): Promise<Plan> {
    const { loaded, npmName } = target
    const recipe = loaded.definition.installRecipe ?? { env: {}, stubs: [], migrate: 'ask' as MigrateMode, requires: [] }
    const ledger = await readLedger(root)
    const record = startRecord(ledger.installs?.[loaded.name], npmName, loaded.version, target.explicit)
    record.requires = target.requires
    const resources = loaded.definition.installPublishes.filter((resource) => publishableResources(loaded).includes(resource))
    const files = publishableFiles(loaded, resources)
    const published = resources.length ? await publish(root, files, { dry: true }) : []
    const envPlan = await applyEnv(root, npmName, recipe, structuredClone(record), true)
    const stubPlan = await applyStubs(root, loaded.name, loaded.definition.root, recipe, structuredClone(record), true)
    const register = needsRegistering(root, npmName)
    const migrations = loaded.definition.migrations.length
    const mode: MigrateMode = this.option('no-migrate') ? 'skip' : this.option('migrate') ? 'run' : recipe.migrate
    return {
      target,
      record,
      recipe,
      files,
      published,
      envPlan,
      stubPlan,
      register,
      migrations,
      mode,
      paths: [...published.map((result) => result.destination), ...stubDestinations(recipe, loaded.name).map((stub) => stub.destination)],
    }
  }

  #printPlan(plans: Plan[], dry: boolean): void {
    for (const plan of plans) {
      const { loaded, npmName, explicit } = plan.target
      this.line(
        this.paint(
          'bold',
          `${dry ? 'Would install' : 'Steps for'} ${loaded.name} (${npmName} ${loaded.version})${explicit ? '' : ', required'}:`,
        ),
      )
      if (plan.target.requires.length) this.line(`  requires    ${plan.target.requires.join(', ')} (installed first)`)
      this.line(`  register    ${plan.register ? 'add to config/providers.ts' : 'discovered from package.json'}`)
      for (const env of plan.envPlan) {
        const what = env.state === 'kept' ? 'already set: kept as it is' : env.state === 'secret' ? 'a new secret' : 'added'
        this.line(`  env         ${env.key} (${what})`)
      }
      for (const result of plan.published) this.line(`  publish     ${result.destination} (${stateLabel(result.state)})`)
      for (const stub of plan.stubPlan) {
        const what =
          stub.state === 'written'
            ? 'copied, yours from then on'
            : stub.state === 'unchanged'
              ? 'copied before: yours'
              : 'a file of yours is there: left as it is'
        this.line(`  stub        ${stub.destination} (${what})`)
      }
      if (plan.migrations > 0) {
        const how =
          plan.mode === 'run'
            ? 'run'
            : plan.mode === 'skip'
              ? 'not run (craft migrate runs them)'
              : this.interactive || this.option('yes')
                ? 'run (covered by the question below)'
                : 'not run without a terminal or --yes (craft migrate runs them)'
        this.line(`  migrate     ${plan.migrations} migration(s): ${how}`)
      }
      if (plan.target.loaded.definition.installNotes) this.line('  notes       printed at the end')
    }
  }

  async #apply(root: string, plan: Plan): Promise<void> {
    const { loaded, npmName } = plan.target
    const record = plan.record
    if (await this.#register(root, npmName)) record.registered = true
    for (const env of await applyEnv(root, npmName, plan.recipe, record)) {
      if (env.state === 'kept')
        printFileLine(this, { label: 'kept', colour: 'yellow' }, env.key, { detail: ' in .env (already set)', warn: true })
      else
        printFileLine(this, { label: 'added', colour: 'green' }, env.key, {
          detail: ` to .env${env.state === 'secret' ? ' (a new secret)' : ''}`,
        })
    }
    if (plan.files.length) printFileLines(this, await publish(root, plan.files))
    for (const stub of await applyStubs(root, loaded.name, loaded.definition.root, plan.recipe, record)) {
      const label = stub.state === 'written' ? 'copied' : stub.state === 'unchanged' ? 'unchanged' : 'skipped (a file of yours is there)'
      printFileLine(this, { label, colour: stub.state === 'written' ? 'green' : 'dim' }, stub.destination)
    }
    const ledger = await readLedger(root)
    ledger.installs = { ...ledger.installs, [loaded.name]: record }
    await writeLedger(root, ledger)
  }

  /** Runs the migrations the recipe and flags allow, recording first how to roll them back. */
  async #migrate(root: string, transaction: Transaction, plans: Plan[]): Promise<void> {
    const run = plans.filter(
      (plan) => plan.migrations > 0 && (plan.mode === 'run' || (plan.mode === 'ask' && (this.interactive || this.option('yes')))),
    )
    for (const plan of plans) {
      if (plan.migrations > 0 && !run.includes(plan)) this.line(`${plan.target.loaded.name} has migrations to run: craft migrate`)
    }
    if (run.length === 0) return
    const sources = run.map((plan) => ({ name: plan.target.loaded.name, files: plan.target.loaded.definition.migrations }))
    await withPackageMigrator(root, sources, async (migrator) => {
      await transaction.migrations({ direction: 'up', sources, batchBefore: await newestBatches(migrator, sources) })
      for (const result of await migrator.migrate()) this.line(`${this.paint('green', 'migrated')}    ${result.source}: ${result.name}`)
    })
  }

  /** Discovery covers a dependency unless the app opted out; then the providers list names it. True when it edited the file. */
  async #register(root: string, npmName: string): Promise<boolean> {
    const file = providersFile(root)
    const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
    const excluded = arrayStrings(text, 'dontDiscover')
    if (!excluded.includes('*') && !excluded.includes(npmName)) {
      this.line(`Registered ${npmName}: discovered from package.json`)
      return false
    }
    if (arrayStrings(text).includes(npmName)) {
      this.line(`${npmName} is already registered in config/providers.ts`)
      return false
    }
    const edited = await editProvidersFile(root, (current) => addProvider(current, npmName))
    if (edited) this.line(`Registered ${npmName} in config/providers.ts`)
    else this.warn(`Could not find the providers array in config/providers.ts: add this entry to it yourself:  '${npmName}',`)
    return edited
  }

  /** `--dry`: reads the package (and what it requires) in a scratch folder and prints the steps. */
  async #dry(root: string, spec: string): Promise<void> {
    const scratch = mkdtempSync(join(tmpdir(), 'mortar-dry-'))
    try {
      const { Application } = await import('../../app/application.js')
      const app = await Application.create({ root })
      const ledger = await readLedger(root)
      const installed = new Set(Object.values(ledger.installs ?? {}).map((record) => record.npmName))
      const targets: Target[] = []
      const visit = async (wanted: string, explicit: boolean): Promise<string> => {
        const named = specName(root, wanted)
        if (!explicit && named && installed.has(named)) {
          this.line(`${named} is already installed`)
          return named
        }
        const loaded = await readPackage(app, fetchPackage(root, wanted, scratch))
        const npmName = loaded.npm?.npmName ?? wanted
        const requires: string[] = []
        for (const required of loaded.definition.installRecipe?.requires ?? []) requires.push(await visit(required, false))
        targets.push({ loaded, npmName, explicit, requires })
        return npmName
      }
      await visit(spec, true)
      const plans: Plan[] = []
      for (const target of targets) plans.push(await this.#plan(root, target))
      this.#printPlan(plans, true)
      this.line('Dry run: nothing was changed.')
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  }
}

interface Plan {
  target: Target
  record: InstallRecord
  recipe: NonNullable<LoadedPackage['definition']['installRecipe']>
  files: ReturnType<typeof publishableFiles>
  published: PublishResult[]
  envPlan: Awaited<ReturnType<typeof applyEnv>>
  stubPlan: Awaited<ReturnType<typeof applyStubs>>
  register: boolean
  migrations: number
  mode: MigrateMode
  /** App paths the recipe may write. */
  paths: string[]
}

function needsRegistering(root: string, npmName: string): boolean {
  const file = providersFile(root)
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const excluded = arrayStrings(text, 'dontDiscover')
  return (excluded.includes('*') || excluded.includes(npmName)) && !arrayStrings(text).includes(npmName)
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
  throw installingErrors.E_INSTALL_FAILED(`Installed ${spec}, but cannot tell which package it is`, {
    hint: 'Install it by its npm name, e.g. craft package:install mortar-blog',
  })
}
