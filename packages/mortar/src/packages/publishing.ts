/**
 * Publishing a package's files into an application and keeping them up to date: the library the
 * `craft package:publish|status|update|remove` commands call. See docs/upgrading-packages.md.
 */

export { type Ledger, type LedgerEntry, ledgerPath, REBUILD_LEDGER_COMMAND, readLedger } from './ledger.js'
export { type RebuildResult, type RebuildState, rebuildLedger } from './ledger_rebuild.js'
export { type MergeOutcome, mergeText } from './merge.js'
export { DEFAULT_LOCK_TIMEOUT_MS, type LockOptions } from './publish_lock.js'
export { PUBLISHABLE_RESOURCES, type PublishableFile, type PublishableResource } from './publishable.js'
export { findPublishedMigration, type PublishedMigration, parseMigrationHeader } from './published_migrations.js'
export { type PublishOptions, type PublishResult, type PublishState, publish } from './publisher.js'
export { type RemoveOptions, type RemoveResult, type RemoveState, remove } from './remover.js'
export { type FileState, type FileStatus, STATES_NEEDING_ATTENTION, type StatusOptions, type StatusReport, status } from './status.js'
export { unifiedDiff } from './unified_diff.js'
export { hasConflicts, type UpdateOptions, type UpdateResult, type UpdateState, update } from './updater.js'
