import { defineErrors } from '../errors.js'

/** The coded errors of publishing a package's files into the app: resources, the ledger, its lock, merges. */
export const publishingErrors = defineErrors({
  E_RESOURCE_UNKNOWN: {
    description: 'No resource kind by that name',
    message: (packageName: string, unknown: string[], _valid: string[]) =>
      `Package "${packageName}" has no publishable resource ${unknown.map((resource) => `"${resource}"`).join(', ')}`,
    hint: (_packageName: string, _unknown: string[], valid: string[]) =>
      valid.length ? `Valid resources: ${valid.join(', ')}` : 'This package publishes nothing.',
  },
  E_PUBLISH_NO_MATCH: {
    description: 'package:publish --only matched no publishable file',
    message: (pattern: string, packageName: string, _examples: string[], _more: boolean) =>
      `--only "${pattern}" matches no publishable file of package "${packageName}"`,
    hint: (_pattern: string, _packageName: string, examples: string[], more: boolean) =>
      examples.length
        ? `Give a path inside the package, such as: ${examples.join(', ')}${more ? ', …' : ''}`
        : 'This package publishes nothing.',
  },
  E_LEDGER_CORRUPT: {
    description: 'The publish ledger cannot be read',
    message: (path: string, why: string, _rebuild: string, _cause?: unknown) => `The publish ledger ${path} cannot be read: ${why}`,
    hint: (_path: string, _why: string, rebuild: string) =>
      `Restore it from git, or rebuild it from the published files with \`${rebuild}\`.`,
    cause: (_path: string, _why: string, _rebuild: string, cause?: unknown) => cause,
  },
  E_LEDGER_LOCKED: {
    description: 'Another publish is running on this application',
    message: (holder: string, path: string) =>
      `Another publish, update or remove is running on this application: process ${holder} holds ${path}. Retry when it has finished.`,
    hint: (_holder: string, path: string) => `If no craft command is running, delete ${path}.`,
  },
  E_PUBLISH_CONFLICT: {
    description: 'A three-way merge left conflicts',
    message: (files: string[]) => `${files.length} file(s) have conflicts: ${files.join(', ')}`,
    hint: 'Edit them to resolve the <<<<<<< markers, then run craft package:update again to record them.',
  },
})
