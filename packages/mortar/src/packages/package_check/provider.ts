import { existsSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { errorSummary, isMortarError } from '../../errors.js'
import { importFile } from '../../support/import_file.js'
import { isInside } from '../../support/paths.js'
import { declaredParts } from '../declarations.js'
import { isPackageProviderClass, type PackageDefinition } from '../package_provider.js'
import { type Manifest, type PackageCheckReport, toPosix } from './report.js'

/**
 * Imports the built provider (or, before a build, its TypeScript source) and reads what it
 * declares; a provider that does not load, or declares a root outside the package, is a problem.
 */
export async function loadDefinition(root: string, manifest: Manifest, report: PackageCheckReport): Promise<PackageDefinition | undefined> {
  const declared = [manifest.mortar?.provider, manifest.mortar?.source].filter((path): path is string => typeof path === 'string')
  const file = declared.map((path) => resolve(root, path)).find((path) => isInside(root, path) && existsSync(path))
  if (!file) return undefined
  const label = toPosix(relative(root, file))
  let module: { default?: unknown }
  try {
    module = await importFile(file)
  } catch (error) {
    report.problems.push(
      `${label} cannot be imported (${errorSummary(error)}): install the package's dependencies (npm install) and fix the error`,
    )
    return undefined
  }
  const providerClass = module.default
  if (!isPackageProviderClass(providerClass)) {
    report.problems.push(
      `${label} has no PackageProvider as its default export: write "export default class MyProvider extends PackageProvider { … }"`,
    )
    return undefined
  }
  try {
    // configure() only names the package and its files: no application is needed for that.
    const provider = new providerClass(undefined as never)
    await provider.configure()
    const definition = provider.definition()
    if (!isInside(root, definition.root)) {
      report.problems.push(
        `the provider's root ${definition.root} is outside the package: call this.root(import.meta.url, '..') from src/provider.ts`,
      )
      return undefined
    }
    // Controllers and middleware are not listed here (as before).
    const resources = declaredParts(definition)
      .map((part) => part.label)
      .filter((label) => label !== 'controllers' && label !== 'middleware')
    report.passed.push(
      `${definition.provider} loads from ${label}: package "${definition.name}" (${resources.join(', ') || 'no resources'})`,
    )
    return definition
  } catch (error) {
    const hint = isMortarError(error) && error.hint ? ` ${error.hint}` : ''
    report.problems.push(`the provider in ${label} fails: ${isMortarError(error) ? error.message : errorSummary(error)}.${hint}`)
    return undefined
  }
}
