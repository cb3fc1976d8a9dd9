import type { ResourceKind } from '../../packages/package_provider.js'
import type { LoadedPackage } from '../../packages/package_registry.js'
import { publishableResources, publishingErrors } from '../../publishing/index.js'

/** Parses `--resources config,views` against what the package publishes. */
export function parseResources(loaded: LoadedPackage, option: string | undefined): ResourceKind[] {
  const valid = publishableResources(loaded)
  if (option === undefined || option === '') return valid
  const asked = option
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  const unknown = asked.filter((resource) => !valid.includes(resource as ResourceKind))
  if (unknown.length) {
    throw publishingErrors.E_RESOURCE_UNKNOWN(loaded.name, unknown, valid)
  }
  return asked as ResourceKind[]
}
