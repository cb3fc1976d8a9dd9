/**
 * Publishing a package's files into an application and keeping them up to date: the one entry
 * that the `craft package:*` commands, the install transaction and the tests use. Below it, one
 * module per step: which files a package publishes (`package_files`), where each goes
 * (`placement`), what each is now (`status`), and the three ways of changing them (`publish`,
 * `update`, `remove`), each planned as `Changes` and committed under the lock by `commit`. The
 * ledger (`.mortar/ledger.json`) and the base store (`.mortar/base/`) remember what was written.
 * See docs/architecture.md and docs/upgrading-packages.md.
 */

export { contentHash, parseContent } from './content.js'
export { unifiedDiff } from './diff.js'
export { publishingErrors } from './errors.js'
export type { AnyFileState, FileOutcome } from './file_outcome.js'
export {
  entriesOf,
  type InstallRecord,
  type Ledger,
  type LedgerEntry,
  ledgerPath,
  MORTAR_FOLDER,
  REBUILD_LEDGER_COMMAND,
  readLedger,
  writeLedger,
} from './ledger.js'
export { type RebuildResult, type RebuildState, rebuildLedger } from './ledger_rebuild.js'
export { DEFAULT_LOCK_TIMEOUT_MS, type LockOptions, lockPath, withPublishLock } from './lock.js'
export { type MergeOutcome, mergeText } from './merge.js'
export { findPublishedMigration, type PublishedMigration, parseMigrationHeader } from './migration_copies.js'
export { publishableFiles, publishableResources, selectFiles } from './package_files.js'
export { type PublishOptions, type PublishResult, type PublishState, publish } from './publish.js'
export {
  normaliseDestination,
  PUBLISHABLE_RESOURCES,
  type PublishableFile,
  type PublishableResource,
} from './publishable_file.js'
export { type RemoveOptions, type RemoveResult, type RemoveState, remove } from './remove.js'
export { type StaleCopies, staleCopies, staleCopiesLine } from './stale_copies.js'
export { type FileState, type FileStatus, STATES_NEEDING_ATTENTION, type StatusOptions, type StatusReport, status } from './status.js'
export { hasConflicts, type UpdateOptions, type UpdateResult, type UpdateState, update } from './update.js'
export { type CrossedNotes, crossedNotes, readUpgradeNotes } from './upgrade_notes.js'
