/**
 * A matcher for `/`-separated relative paths: `*` matches within one segment, `**` across
 * segments, `?` one character. A pattern without wildcards also matches everything below it, so
 * `templates/posts` selects the folder's files.
 *
 * @example
 * const match = globMatcher('templates/**\/*.edge')
 * match('templates/posts/show.edge') // true
 */
export function globMatcher(pattern: string): (path: string) => boolean {
  const normal = pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')
  if (!/[*?]/.test(normal)) return (path) => path === normal || path.startsWith(`${normal}/`)
  let source = ''
  for (let index = 0; index < normal.length; index++) {
    const char = normal[index] as string
    if (char === '*' && normal[index + 1] === '*') {
      // `**/` may match no folder at all; a trailing `**` matches the rest.
      const slash = normal[index + 2] === '/'
      source += slash ? '(?:.*/)?' : '.*'
      index += slash ? 2 : 1
    } else if (char === '*') source += '[^/]*'
    else if (char === '?') source += '[^/]'
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  const regex = new RegExp(`^${source}$`)
  return (path) => regex.test(path)
}
