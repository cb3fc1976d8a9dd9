import { declaredOf, kindRules, RESOURCE_KIND_NAMES } from '../resources/kinds.js'
import type { PackageDefinition } from './package_provider.js'

/** One kind of thing a package declares, with how many (files, routes files, commands…). */
export interface DeclaredPart {
  /** `config`, `views`, `migrations`, `routes`, `controllers`, `assets`, `translations`, `commands`, `middleware`. */
  label: string
  count: number
  /** True when listings show the count: `migrations(2)`, `commands(1)`. */
  counted: boolean
}

/** Route files and controller folders are listed after this kind, where they always were. */
export const ROUTES_AFTER = 'migrations'

/**
 * What a package declares, in the order `craft about`, `package:list` and `package:check` list
 * it: each resource kind of `RESOURCE_KINDS` (routes and controllers among them), then commands
 * and middleware. Only what is declared.
 *
 * @example
 * declaredParts(loaded.definition).map((part) => part.label) // ['config', 'views', 'routes', 'assets']
 */
export function declaredParts(definition: PackageDefinition): DeclaredPart[] {
  const parts: DeclaredPart[] = []
  const add = (label: string, count: number, counted: boolean) => {
    if (count > 0) parts.push({ label, count, counted })
  }
  for (const kind of RESOURCE_KIND_NAMES) {
    const rules = kindRules(kind)
    add(kind, declaredOf(definition, kind)?.paths.length ?? 0, rules.declares === 'files')
    if (kind === ROUTES_AFTER) {
      add('routes', definition.routes.length, true)
      add('controllers', definition.controllers.length, false)
    }
  }
  add('commands', definition.commands.length, true)
  add('middleware', Object.keys(definition.middleware?.named ?? {}).length, true)
  return parts
}
