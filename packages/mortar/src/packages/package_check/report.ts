import { sep } from 'node:path'

/** What `package:check` found: each problem and warning is one line that says how to fix it. */
export interface PackageCheckReport {
  npmName?: string
  version?: string
  registry?: string
  passed: string[]
  warnings: string[]
  problems: string[]
}

/** The fields of a package's package.json that the checks read. */
export interface Manifest {
  name?: string
  version?: string
  private?: boolean
  keywords?: string[]
  files?: string[]
  exports?: unknown
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  publishConfig?: { registry?: string }
  mortar?: { provider?: string; source?: string }
}

/** A path with `/` separators, as npm lists the tarball's files. */
export function toPosix(path: string): string {
  return path.split(sep).join('/')
}
