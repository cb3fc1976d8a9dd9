import { realpathSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context } from 'hono'

/**
 * Resolves a URL path to a file inside `root`, or undefined when it must not be served: a
 * malformed escape, a null byte, a backslash, a `.`/`..` segment, a dotfile (`.well-known` aside), or a path (symlinks
 * included) that ends up outside the folder.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const segments = decoded.split('/').filter((segment) => segment !== '')
  if (segments.some((segment) => segment === '.' || segment === '..' || (segment.startsWith('.') && segment !== '.well-known')))
    return undefined
  const base = realRoot(root)
  if (!base) return undefined
  const file = resolve(base, ...segments)
  if (!file.startsWith(base + sep)) return undefined
  try {
    const real = await realpath(file)
    if (!real.startsWith(base + sep)) return undefined
    const info = await stat(real)
    return info.isFile() ? real : undefined
  } catch {
    return undefined
  }
}

// Real paths of the served folders. Only found ones are kept: a public/ created while the app
// runs is served from its first request on.
const roots = new Map<string, string>()
function realRoot(root: string): string | undefined {
  let real = roots.get(root)
  if (real === undefined) {
    try {
      real = realpathSync(root)
    } catch {
      return undefined
    }
    roots.set(root, real)
  }
  return real
}

/**
 * Answers a GET or HEAD for a file already resolved with `resolveInside`: a weak ETag from size
 * and modification time, Last-Modified, 304 for a matching If-None-Match or If-Modified-Since,
 * and byte ranges (through @hono/node-server's serveStatic, which streams the file).
 */
export async function sendFile(c: Context, file: string): Promise<Response | undefined> {
  const info = await stat(file)
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`
  const lastModified = info.mtime.toUTCString()
  const ifNoneMatch = c.req.header('if-none-match')
  const ifModifiedSince = c.req.header('if-modified-since')
  const notModified = ifNoneMatch
    ? ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')
    : ifModifiedSince !== undefined && Math.floor(info.mtimeMs / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000)
  if (notModified) {
    return new Response(null, { status: 304, headers: { etag, 'last-modified': lastModified } })
  }
  c.header('ETag', etag)
  c.header('Cache-Control', 'no-cache')
  const serve = serveStatic({ path: file })
  return (await serve(c, async () => {})) as Response | undefined
}
