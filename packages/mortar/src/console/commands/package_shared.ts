import { MortarError } from '../../errors.js'
import type { ResourceKind } from '../../packages/package_provider.js'
import type { LoadedPackage } from '../../packages/package_registry.js'
import { publishableResources } from '../../publishing/index.js'
import type { Colour } from '../output.js'

/** How each per-file state is printed: its word and colour. */
export const STATE_STYLE: Record<string, { word: string; colour: Colour }> = {
  written: { word: 'written', colour: 'green' },
  overwritten: { word: 'overwritten', colour: 'yellow' },
  unchanged: { word: 'unchanged', colour: 'dim' },
  'skipped-changed': { word: 'skipped (changed by you; --force to replace)', colour: 'yellow' },
  'skipped-exists': { word: 'skipped (already exists, never published; --force to replace)', colour: 'yellow' },
  'changed-by-you': { word: 'changed by you', colour: 'cyan' },
  'changed-upstream': { word: 'changed upstream', colour: 'yellow' },
  'changed-both': { word: 'changed on both sides', colour: 'red' },
  conflict: { word: 'conflict', colour: 'red' },
  missing: { word: 'missing (deleted by you)', colour: 'dim' },
  'added-upstream': { word: 'added upstream', colour: 'yellow' },
  'removed-upstream': { word: 'removed upstream', colour: 'yellow' },
  replaced: { word: 'replaced', colour: 'green' },
  merged: { word: 'merged', colour: 'green' },
  resolved: { word: 'resolved', colour: 'green' },
  kept: { word: 'kept (changed by you)', colour: 'cyan' },
  added: { word: 'added', colour: 'green' },
  deleted: { word: 'deleted', colour: 'green' },
  'not-published': { word: 'not published', colour: 'dim' },
  changed: { word: 'changed by you', colour: 'cyan' },
}

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
    throw new MortarError(
      'E_RESOURCE_UNKNOWN',
      `Package "${loaded.name}" has no publishable resource ${unknown.map((r) => `"${r}"`).join(', ')}`,
      {
        hint: valid.length ? `Valid resources: ${valid.join(', ')}` : 'This package publishes nothing.',
      },
    )
  }
  return asked as ResourceKind[]
}
