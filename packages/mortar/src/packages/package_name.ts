import { MortarError } from '../errors.js'
import { PACKAGE_NAME_PATTERN, RESERVED_NAMES } from './reserved_names.js'

/** Checks a package name (lower-case letters, digits, `-`, `_`; not reserved) and returns it. */
export function validatePackageName(name: unknown, where: string): string {
  if (typeof name !== 'string' || !PACKAGE_NAME_PATTERN.test(name)) {
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
