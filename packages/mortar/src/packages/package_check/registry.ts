import { runNpm } from '../../installing/package_manager.js'
import { npmErrorCode, npmFailure } from './npm_answer.js'
import type { Manifest, PackageCheckReport } from './report.js'

/** Whether this name@version is on the registry yet: a taken version is a problem, no answer a warning. */
export function checkRegistry(root: string, manifest: Manifest, report: PackageCheckReport): void {
  const { name, version } = manifest
  const registry = registryFor(root, manifest)
  report.registry = registry
  if (!name || !version || !registry) return
  const result = runNpm(
    ['view', `${name}@${version}`, 'version', '--json', '--registry', registry, '--fetch-retries=0', '--fetch-timeout=15000'],
    root,
    30_000,
  )
  if (result.status === 0) {
    if (result.stdout.trim() === '') report.passed.push(`${name}@${version} is not on ${registry} yet`)
    else
      report.problems.push(
        `${name}@${version} is already on ${registry}: raise "version" in package.json (npm version patch) and note the change in CHANGELOG.md`,
      )
    return
  }
  if (npmErrorCode(result.stdout) === 'E404') {
    report.passed.push(`${name} is not on ${registry} yet`)
    return
  }
  report.warnings.push(
    `could not ask ${registry} whether ${name}@${version} is taken (${npmFailure(result)}): npm publish will refuse it if it is`,
  )
}

/** The registry `npm publish` would use: publishConfig, the scope's registry, then npm's `registry`. */
function registryFor(root: string, manifest: Manifest): string | undefined {
  if (manifest.publishConfig?.registry) return manifest.publishConfig.registry
  const scope = manifest.name?.startsWith('@') ? manifest.name.split('/')[0] : undefined
  for (const key of [scope ? `${scope}:registry` : undefined, 'registry']) {
    if (!key) continue
    const value = runNpm(['config', 'get', key], root, 20_000).stdout.trim()
    if (/^https?:\/\//.test(value)) return value
  }
  return undefined
}
