import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of changing the app's packages: npm, the boot check, the journal and its rollback. */
export const installingErrors = defineErrors({
  E_INSTALL_FAILED: freeMessage('npm could not install or uninstall the package'),
  E_BOOT_CHECK_FAILED: freeMessage('After package:install, update or remove the app did not boot; everything was put back'),
  E_INSTALL_DECLINED: {
    description: 'You answered no to the install steps; nothing was changed',
    message: 'Install cancelled: nothing was changed',
    hint: 'Run it with --dry to read the steps without installing anything.',
  },
  E_PACKAGE_REQUIRED: {
    description: 'The package is required by another installed package',
    message: (name: string, dependents: string[]) =>
      `Package "${name}" is required by ${dependents.map((other) => `"${other}"`).join(', ')}; nothing was removed`,
    hint: (name: string, dependents: string[]) =>
      `Remove ${dependents.join(', ')} first; "${name}" goes with it unless you installed it yourself.`,
  },
  E_PACKAGE_HAS_MIGRATIONS: {
    description: 'package:remove refused: the package has applied migrations and --force was not given',
    message: (name: string, applied: number) => `Package "${name}" has ${applied} applied migration(s); nothing was removed`,
    hint: (name: string) => `Run again with --force to roll them back, or craft migrate:rollback --package ${name} first.`,
  },
  E_JOURNAL_BUSY: freeMessage('Another package command is changing the app'),
  E_JOURNAL_CORRUPT: {
    description: 'The package command journal cannot be read',
    message: (file: string, _cause: unknown) => `The package journal ${file} cannot be read`,
    hint: 'It is written atomically, so someone edited it: restore it, or delete it and .mortar/journal/ and check the app with git status.',
    cause: (_file: string, cause: unknown) => cause,
  },
  E_ROLLBACK_FAILED: {
    description: 'An interrupted or failed package command could not be rolled back',
    message: (command: string, cause: unknown) => `Could not put the app back after "craft ${command}": ${(cause as Error).message}`,
    hint: 'Fix the cause (see above) and run any craft command to try again; the journal in .mortar/ is kept until then.',
    cause: (_command: string, cause: unknown) => cause,
  },
})
