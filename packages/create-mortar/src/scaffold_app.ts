import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { npmName, npmNameProblem, titleCase } from './names.js'
import type { Asker } from './prompts.js'
import { sqliteDependencies } from './sqlite_driver.js'
import { copyTemplate } from './template.js'

const TEMPLATE = fileURLToPath(new URL('../templates/app/', import.meta.url))

/** The answers that shape a new application; each has a flag. */
export interface AppAnswers {
  name: string
  description: string
}

/** Asks (or takes from flags, or defaults) what the app template needs. */
export async function askApp(target: string, flags: Record<string, unknown>, asker: Asker): Promise<AppAnswers> {
  const name = (flags.name as string | undefined) ?? (await asker.text('Project name (npm)', npmName(basename(target)), npmNameProblem))
  const description = (flags.description as string | undefined) ?? (await asker.text('Description', 'A Mortar application'))
  return { name, description }
}

/** Writes the application template into `target` (which must be empty). */
export function writeApp(target: string, answers: AppAnswers, mortar: string): string[] {
  const title = titleCase(answers.name)
  const written = copyTemplate(TEMPLATE, target, {
    name: answers.name,
    description: answers.description.replaceAll('"', '\\"'),
    title,
    dbName: answers.name.replace(/^@[^/]+\//, '').replace(/[^a-z0-9_]/g, '_'),
    mortar,
  })
  // The app's own secret, made here so that cookies and sessions work from the first request.
  const example = readFileSync(join(target, '.env.example'), 'utf8')
  writeFileSync(join(target, '.env'), example.replace(/^APP_KEY=$/m, `APP_KEY=base64:${randomBytes(32).toString('base64')}`))
  addDependencies(join(target, 'package.json'), sqliteDependencies(mortar))
  return [...written, '.env']
}

/** Adds `dependencies` to the manifest at `path`, keeping its keys sorted. */
function addDependencies(path: string, dependencies: Record<string, string>): void {
  if (Object.keys(dependencies).length === 0) return
  const manifest = JSON.parse(readFileSync(path, 'utf8'))
  manifest.dependencies = Object.fromEntries(
    Object.entries({ ...manifest.dependencies, ...dependencies }).sort(([a], [b]) => a.localeCompare(b)),
  )
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`)
}
