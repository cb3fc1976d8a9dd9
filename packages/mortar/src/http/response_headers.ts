/** Headers a response may carry several times, or as a list that grows: added to, never replaced. */
const REPEATABLE = new Set(['set-cookie', 'link', 'vary', 'www-authenticate', 'server-timing'])

/**
 * Copies the headers a handler or middleware set on the context into `target`. `applied` holds
 * what an earlier call already copied into the same response (each middleware level hands the
 * answer back through here): only what changed since is copied again, so a header a middleware
 * set on the response after `next()` is not overwritten by an older context value, and no
 * cookie is sent twice. Every `Set-Cookie` is appended; list headers (`Vary`, `Link`, …) gain
 * the values they lack; other headers are replaced.
 */
export function mergeHeaders(target: Headers, own: Headers, applied?: Headers): void {
  const cookies = applied?.getSetCookie() ?? []
  for (const cookie of own.getSetCookie()) {
    const index = cookies.indexOf(cookie)
    if (index === -1) target.append('set-cookie', cookie)
    else cookies.splice(index, 1)
  }
  for (const [name, value] of own) {
    if (name === 'set-cookie' || applied?.get(name) === value) continue
    if (!REPEATABLE.has(name)) {
      target.set(name, value)
      continue
    }
    const present = new Set((target.get(name) ?? '').split(',').map((part) => part.trim().toLowerCase()))
    for (const part of value.split(',')) {
      if (!present.has(part.trim().toLowerCase())) target.append(name, part.trim())
    }
  }
}
