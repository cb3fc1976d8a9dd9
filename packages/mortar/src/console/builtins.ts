import type { CommandClass } from './command.js'

/**
 * Mortar's own commands, each imported only when it runs (or when the command index is rebuilt).
 * `needsApp: false` commands run without booting an application (outside one, too);
 * `routes: false` ones are booted by the console runner (app/boot.ts) without loading route
 * files, which they never use.
 */
export const BUILTIN_COMMANDS: Record<string, { load: () => Promise<CommandClass>; needsApp: boolean; routes?: false }> = {
  serve: { load: async () => (await import('./commands/serve.js')).Serve, needsApp: false },
  about: { load: async () => (await import('./commands/about.js')).About, needsApp: true },
  types: { load: async () => (await import('./commands/types.js')).Types, needsApp: true },
  'routes:list': { load: async () => (await import('./commands/routes_list.js')).RoutesList, needsApp: true },
  'make:controller': { load: async () => (await import('./commands/make.js')).MakeController, needsApp: false },
  'make:command': { load: async () => (await import('./commands/make.js')).MakeCommand, needsApp: false },
  'make:migration': { load: async () => (await import('./commands/make.js')).MakeMigration, needsApp: false },
  'key:generate': { load: async () => (await import('./commands/key_generate.js')).KeyGenerate, needsApp: false },
  'session:prune': { load: async () => (await import('./commands/session_prune.js')).SessionPrune, needsApp: true, routes: false },
  test: { load: async () => (await import('./commands/test.js')).Test, needsApp: false },
  migrate: { load: async () => (await import('./commands/migrate.js')).Migrate, needsApp: true, routes: false },
  'migrate:rollback': { load: async () => (await import('./commands/migrate.js')).MigrateRollback, needsApp: true, routes: false },
  'migrate:status': { load: async () => (await import('./commands/migrate.js')).MigrateStatus, needsApp: true, routes: false },
  'migrate:fresh': { load: async () => (await import('./commands/migrate.js')).MigrateFresh, needsApp: true, routes: false },
  'package:list': { load: async () => (await import('./commands/package_list.js')).PackageList, needsApp: true },
  'package:publish': { load: async () => (await import('./commands/package_publish.js')).PackagePublish, needsApp: true, routes: false },
  'package:status': { load: async () => (await import('./commands/package_status.js')).PackageStatus, needsApp: true, routes: false },
  'package:update': { load: async () => (await import('./commands/package_update.js')).PackageUpdate, needsApp: true, routes: false },
  'package:rebuild-ledger': {
    load: async () => (await import('./commands/package_rebuild_ledger.js')).PackageRebuildLedger,
    needsApp: true,
    routes: false,
  },
  'package:install': { load: async () => (await import('./commands/package_install.js')).PackageInstall, needsApp: false },
  'package:remove': { load: async () => (await import('./commands/package_remove.js')).PackageRemove, needsApp: true, routes: false },
  'package:discover': { load: async () => (await import('./commands/package_discover.js')).PackageDiscover, needsApp: false },
  'package:why': { load: async () => (await import('./commands/package_why.js')).PackageWhy, needsApp: true },
  'package:check': { load: async () => (await import('./commands/package_check.js')).PackageCheck, needsApp: false },
}
