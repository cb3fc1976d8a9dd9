import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of loading packages into an app: names, providers, resources, package:why and package:check. */
export const packageErrors = defineErrors({
  E_PACKAGE_NAME_INVALID: {
    description: 'A package name is not lower-case letters, digits, - and _',
    message: (where: string, name: unknown) => `${where}: package name ${JSON.stringify(name)} is invalid`,
    hint: 'Use lower-case letters, digits, - and _ (starting with a letter or digit), e.g. "blog".',
  },
  E_PACKAGE_NAME_RESERVED: {
    description: 'A package name is reserved',
    message: (where: string, name: string) => `${where}: package name "${name}" is reserved`,
    hint: 'Choose a name of its own, such as the npm name without the mortar- prefix.',
  },
  E_PACKAGE_NAME_TAKEN: {
    description: 'Two packages declare the same name',
    message: (name: string, first: string, second: string) => `Package name "${name}" is declared by ${first} and by ${second}`,
    hint: 'Two packages cannot share a name: remove one, or ask its author to rename it.',
  },
  E_PACKAGE_PATH_ESCAPE: freeMessage('A package resource path or link leaves the package root'),
  E_PACKAGE_RESOURCE_MISSING: freeMessage('A package declares a resource file that does not exist'),
  E_PACKAGE_PROVIDER_INVALID: freeMessage('A package provider is missing or is not a PackageProvider'),
  E_PACKAGE_UNKNOWN: {
    description: 'No installed package by that name',
    message: (name: string, _installed: string[]) => `No package named "${name}" is installed`,
    hint: (_name: string, installed: string[]) =>
      installed.length
        ? `Installed packages: ${installed.join(', ')}`
        : 'This app has no packages. Install one with `craft package:install <npm-name>`.',
  },
  E_WHY_UNKNOWN: freeMessage('package:why found no view, config key, asset or route by that name'),
  E_CHECK_FAILED: {
    description: 'package:check found problems',
    message: (count: number, label: string) => `package:check found ${count} problem${count === 1 ? '' : 's'} in ${label}`,
    hint: 'fix each ✗ line above, then run craft package:check again.',
  },
})
