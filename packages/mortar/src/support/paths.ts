import { isAbsolute, relative, sep } from 'node:path'

/** True when `path` is `root` itself or inside it (compare real paths to catch links). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}
