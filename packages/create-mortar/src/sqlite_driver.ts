// Which SQLite driver a new project installs. Mortar uses Node's built-in `node:sqlite` from
// Node.js 22.16 on (nothing to compile, no install script); on older Node.js (20) the app needs
// better-sqlite3, a native addon, in its own dependencies.

/** The better-sqlite3 range a project on Node.js 20 gets (better-sqlite3 13 needs Node 22). */
const BETTER_SQLITE3 = '^12.6.2'

/** Install scripts npm 12 may run: better-sqlite3's native build, esbuild's binary check. */
export const ALLOW_SCRIPTS = { 'better-sqlite3': true, esbuild: true }

/**
 * The dependencies a new project adds for SQLite on `nodeVersion`: none where `node:sqlite` is
 * usable, better-sqlite3 elsewhere. A mortar linked from a folder is a Mortar checkout, whose
 * workspace already installs (and builds) better-sqlite3 for it.
 */
export function sqliteDependencies(mortar: string, nodeVersion = process.versions.node): Record<string, string> {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number)
  const hasNodeSqlite = major > 22 || (major === 22 && minor >= 16)
  const linkedFolder = mortar.startsWith('file:') && !mortar.endsWith('.tgz')
  return hasNodeSqlite || linkedFolder ? {} : { 'better-sqlite3': BETTER_SQLITE3 }
}
