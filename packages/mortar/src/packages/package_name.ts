import { MortarError } from '../errors.js'

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

/** Checks a package name (lower-case letters, digits, `-`, `_`; not reserved) and returns it. */
export function validatePackageName(name: unknown, where: string): string {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(name)) {
    throw new MortarError('E_PACKAGE_NAME_INVALID', `${where}: package name ${JSON.stringify(name)} is invalid`, {
      hint: 'Use lower-case letters, digits, - and _ (starting with a letter or digit), e.g. "blog".',
    })
  }
  if (RESERVED_NAMES.has(name)) {
    throw new MortarError('E_PACKAGE_NAME_RESERVED', `${where}: package name "${name}" is reserved`, {
      hint: 'Choose a name of its own, such as the npm name without the mortar- prefix.',
    })
  }
  return name
}
