import type { RebuildState } from './ledger_rebuild.js'
import type { PublishState } from './publish.js'
import type { PublishableResource } from './publishable_file.js'
import type { RemoveState } from './remove.js'
import type { FileState } from './status.js'
import type { UpdateState } from './update.js'

/**
 * What one operation did (or, dry, would do) to one package file, or what it found: the shape
 * that publish, update, remove, status and the ledger rebuild all return, one per file, as
 * Kysely's migrator returns one result per migration. An operation that says more adds its
 * fields by intersection (`FileOutcome<UpdateState> & { conflicts?: number }`).
 *
 * @example
 * const outcome: FileOutcome<PublishState> = {
 *   state: 'written', package: 'blog', resource: 'config', sourcePath: 'config/blog.ts', destination: 'config/blog.ts',
 * }
 */
export interface FileOutcome<State extends AnyFileState> {
  state: State
  /** The package's name, e.g. `blog`. */
  package: string
  resource: PublishableResource
  /** The file inside the package, relative to its root. */
  sourcePath: string
  /** The file in the app, relative to the app root with `/` separators. */
  destination: string
}

/** Every state a file can be reported in, by any operation; `craft` prints each with one label. */
export type AnyFileState = PublishState | UpdateState | RemoveState | FileState | RebuildState

/**
 * The outcome fields of a package file or ledger entry, in `state`, at `destination` (by default
 * its own).
 */
export function fileOutcome<State extends AnyFileState>(
  state: State,
  file: { package: string; resource: PublishableResource; sourcePath: string; destination: string },
  destination = file.destination,
): FileOutcome<State> {
  return { state, package: file.package, resource: file.resource, sourcePath: file.sourcePath, destination }
}
