import { request } from 'node:http'

/** A signed-in client of one server: its cookies and the CSRF token its form page gave. */
export interface SignedIn {
  /** The Cookie header to send with every request. */
  cookie: string
  /** The form's CSRF field: its name and value, as the page rendered them. */
  field: string
  token: string
}

/**
 * Signs a client in as a browser would: GET `/<name>/login` (the server puts a value in the
 * session), then GET `/<name>/form`, keeping every cookie either answer set, and reads the CSRF
 * field from the page. The load then replays these cookies: each server reads the session and
 * checks the token on every request, as for a signed-in user.
 */
export async function signIn(port: number, name: string): Promise<SignedIn> {
  const jar = new Map<string, string>()
  const get = async (path: string) => {
    const answer = await send(port, 'GET', path, cookieHeader(jar))
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}, not 200:\n${answer.body.slice(0, 500)}`)
    for (const line of answer.setCookie) {
      const pair = line.split(';')[0] ?? ''
      const at = pair.indexOf('=')
      if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
    return answer.body
  }
  await get(`/${name}/login`)
  const page = await get(`/${name}/form`)
  if (!page.includes('Signed in as Ada Lovelace')) throw new Error(`/${name}/form does not show the session's user`)
  const match = /<input[^>]*name=["'](_token|_csrf)["'][^>]*value=["']([^"']+)["']/.exec(page)
  if (!match) throw new Error(`/${name}/form has no CSRF field:\n${page.slice(0, 1000)}`)
  return { cookie: cookieHeader(jar), field: match[1] as string, token: match[2] as string }
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** One request to 127.0.0.1 (no keep-alive agent): its status, Set-Cookie lines and body. */
export function send(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  cookie: string,
  body?: string,
): Promise<{ status: number; setCookie: string[]; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = cookie ? { cookie } : {}
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false, timeout: 10_000 }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          setCookie: response.headers['set-cookie'] ?? [],
          body: text,
          ...(response.headers.location ? { location: response.headers.location } : {}),
        }),
      )
    })
    req.once('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)))
    req.once('error', reject)
    req.end(body)
  })
}
