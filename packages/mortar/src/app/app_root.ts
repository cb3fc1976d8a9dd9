import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { MortarError } from '../errors.js'
import { appErrors } from './errors.js'
import { APP_LAYOUT } from './layout.js'

/**
 * The one rule for "is this a Mortar application": the folder holds `config/app.ts` (or
 * `config/app.js`) and a `package.json`, as every app create-mortar makes does.
 * `Application.create()` and craft (`findAppRoot`) both ask it.
 */
export function isAppRoot(dir: string): boolean {
  const hasAppConfig = existsSync(join(dir, APP_LAYOUT.config, 'app.ts')) || existsSync(join(dir, APP_LAYOUT.config, 'app.js'))
  return hasAppConfig && existsSync(join(dir, 'package.json'))
}

/** The nearest folder, from `cwd` up, that holds a Mortar app (see `isAppRoot`). */
export function findAppRoot(cwd: string): string | undefined {
  let dir = resolve(cwd)
  for (;;) {
    if (isAppRoot(dir)) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The app folder for a command that must run inside one, or an error saying so. */
export function requireAppRoot(cwd: string, command: string): string {
  const root = findAppRoot(cwd)
  if (!root) throw notInApp(command)
  return root
}

/** E_APP_NOT_FOUND for `craft <name>` run outside an application. */
export function notInApp(name: string): MortarError {
  return appErrors.E_APP_NOT_FOUND(
    `"craft ${name}" must run inside a Mortar application (no config/app.ts and package.json here or above)`,
    {
      hint: 'cd into the application folder first.',
    },
  )
}

/** E_APP_NOT_FOUND for an application made from a folder that is not one. */
export function notAnApp(root: string): MortarError {
  return appErrors.E_APP_NOT_FOUND(`${resolve(root)} is not a Mortar application (it has no config/app.ts and package.json)`, {
    hint: 'Run craft from the application folder, or create one with `npm create mortar@latest my-app`.',
  })
}
