import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const OWN_VERSION = (JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string })
  .version

/**
 * The dependency spec for `mortar` in a new project: `--mortar` as a folder or tarball becomes a
 * `file:` spec (how the repository's own tests and quick start use the workspace), anything else
 * is a version or range; without `--mortar`, the release matching this create-mortar.
 */
export function mortarSpec(option: string | undefined, cwd = process.cwd()): string {
  if (!option) return `^${OWN_VERSION}`
  const path = resolve(cwd, option)
  if (existsSync(path) && (statSync(path).isDirectory() || path.endsWith('.tgz'))) return `file:${path}`
  // A path that is not there is a typo, not a version: say so before anything is written.
  if (/^(\.{1,2}[\\/]|[\\/]|~)/.test(option) || option.endsWith('.tgz')) {
    throw new Error(`--mortar ${option}: no folder or .tgz there (give a path to a mortar checkout or tarball, or a version)`)
  }
  return option
}
