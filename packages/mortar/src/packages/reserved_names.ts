// No imports: create-mortar bundles this module into its own dist (see its build script).

/** What a package name is made of: lower-case letters, digits, `-` and `_`, starting with a letter or digit. */
export const PACKAGE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/

/** Names a package cannot take: they would clash with the app's own folders, config or commands. */
export const RESERVED_NAMES = new Set([
  'app',
  'config',
  'craft',
  'mortar',
  'vendor',
  'public',
  'storage',
  'templates',
  'routes',
  'database',
  'databases',
  'migrations',
  'providers',
  'default',
  'make',
  'migrate',
  'package',
  'route',
  'routes',
  'view',
  'views',
  'env',
  'test',
])
