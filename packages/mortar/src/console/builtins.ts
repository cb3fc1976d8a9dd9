import type { CommandClass } from './command.js'

/**
 * Mortar's own commands, each imported only when it runs (or when the command index is rebuilt).
 * `needsApp: false` commands run without booting an application (outside one, too).
 */
export const BUILTIN_COMMANDS: Record<string, { load: () => Promise<CommandClass>; needsApp: boolean }> = {
  serve: { load: async () => (await import('./commands/serve.js')).Serve, needsApp: false },
  'routes:list': { load: async () => (await import('./commands/routes_list.js')).RoutesList, needsApp: true },
  'make:controller': { load: async () => (await import('./commands/make.js')).MakeController, needsApp: false },
  'make:command': { load: async () => (await import('./commands/make.js')).MakeCommand, needsApp: false },
  'make:migration': { load: async () => (await import('./commands/make.js')).MakeMigration, needsApp: false },
  test: { load: async () => (await import('./commands/test.js')).Test, needsApp: false },
  migrate: { load: async () => (await import('./commands/migrate.js')).Migrate, needsApp: true },
  'migrate:rollback': { load: async () => (await import('./commands/migrate.js')).MigrateRollback, needsApp: true },
  'migrate:status': { load: async () => (await import('./commands/migrate.js')).MigrateStatus, needsApp: true },
  'migrate:fresh': { load: async () => (await import('./commands/migrate.js')).MigrateFresh, needsApp: true },
  'package:list': { load: async () => (await import('./commands/package_list.js')).PackageList, needsApp: true },
  'package:publish': { load: async () => (await import('./commands/package_publish.js')).PackagePublish, needsApp: true },
  'package:status': { load: async () => (await import('./commands/package_status.js')).PackageStatus, needsApp: true },
  'package:update': { load: async () => (await import('./commands/package_update.js')).PackageUpdate, needsApp: true },
  'package:rebuild-ledger': {
    load: async () => (await import('./commands/package_rebuild_ledger.js')).PackageRebuildLedger,
    needsApp: true,
  },
  'package:install': { load: async () => (await import('./commands/package_install.js')).PackageInstall, needsApp: false },
  'package:remove': { load: async () => (await import('./commands/package_remove.js')).PackageRemove, needsApp: true },
  'package:discover': { load: async () => (await import('./commands/package_discover.js')).PackageDiscover, needsApp: false },
  'package:check': { load: async () => (await import('./commands/package_check.js')).PackageCheck, needsApp: false },
}
