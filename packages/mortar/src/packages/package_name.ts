import { packageErrors } from './errors.js'
import { PACKAGE_NAME_PATTERN, RESERVED_NAMES } from './reserved_names.js'

/** Checks a package name (lower-case letters, digits, `-`, `_`; not reserved) and returns it. */
export function validatePackageName(name: unknown, where: string): string {
  if (typeof name !== 'string' || !PACKAGE_NAME_PATTERN.test(name)) {
    throw packageErrors.E_PACKAGE_NAME_INVALID(where, name)
  }
  if (RESERVED_NAMES.has(name)) {
    throw packageErrors.E_PACKAGE_NAME_RESERVED(where, name)
  }
  return name
}
