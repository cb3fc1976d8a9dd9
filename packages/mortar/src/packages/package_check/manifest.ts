import type { Manifest, PackageCheckReport } from './report.js'

/** package.json: a valid npm name and version, not private, a `mortar.provider`, keywords and peer dependency. */
export function checkManifest(manifest: Manifest, report: PackageCheckReport): void {
  const { name, version } = manifest
  report.npmName = name
  report.version = version
  if (typeof name !== 'string' || !/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    report.problems.push(
      `"name" in package.json (${JSON.stringify(name)}) is not a valid npm name: use lower-case letters, digits, - . _ ~, optionally @scope/`,
    )
  }
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) {
    report.problems.push(`"version" in package.json (${JSON.stringify(version)}) is not a semantic version: set it to one, e.g. "0.1.0"`)
  }
  if (manifest.private === true) report.problems.push('package.json says "private": true, so npm refuses to publish it: remove "private"')
  if (!manifest.mortar?.provider) {
    report.problems.push(
      'package.json has no "mortar": { "provider": … } field, so no app discovers the package: add "mortar": { "provider": "./dist/provider.js", "source": "./src/provider.ts" }',
    )
  }
  if (!manifest.keywords?.includes('mortar-package')) {
    report.warnings.push('add "mortar-package" to "keywords" in package.json, so people looking for Mortar packages on npm find it')
  }
  if (manifest.dependencies?.mortar) {
    report.warnings.push(
      '"mortar" is in "dependencies": move it to "peerDependencies" (and "devDependencies"), so an app uses its own mortar',
    )
  } else if (!manifest.peerDependencies?.mortar) {
    report.warnings.push(
      'add "mortar" to "peerDependencies" in package.json (e.g. ">=0.1.0"), so npm checks the app has a mortar the package works with',
    )
  }
}

/** How to get `path` into the tarball: name its folder in "files", or look for what leaves it out. */
export function filesFix(manifest: Manifest, path: string): string {
  const top = path.split('/')[0] as string
  const files = Array.isArray(manifest.files) ? manifest.files : undefined
  const covered = files?.some((entry) => {
    const pattern = entry.replace(/^\.\//, '').replace(/\/(\*\*)?\/?$/, '')
    return pattern.includes('*') || path === pattern || path.startsWith(`${pattern}/`)
  })
  if (files && !covered) return `add "${top}" to "files" in package.json`
  return `npm leaves it out: check "files" in package.json and any .npmignore`
}

/** The files the `exports` of package.json point at (patterns with `*` left out). */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return exports.includes('*') ? [] : [exports]
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets)
  return []
}
