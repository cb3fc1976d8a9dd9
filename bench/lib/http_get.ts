import { request } from 'node:http'

/**
 * The status of one GET to 127.0.0.1 (node:http, no keep-alive agent: fetch's lazy undici load
 * would add tens of ms to the first call and blur start-up timings).
 */
export function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (response) => {
      response.resume()
      response.once('end', () => resolve(response.statusCode ?? 0))
    })
    req.once('timeout', () => req.destroy(new Error(`GET ${path} timed out`)))
    req.once('error', reject)
    req.end()
  })
}

/** GETs `path` and fails unless it answers 200. */
export async function expectOk(port: number, path: string): Promise<void> {
  const status = await getStatus(port, path)
  if (status !== 200) throw new Error(`GET ${path} answered ${status}, not 200`)
}

/** GETs `path` and parses its JSON answer (200 only). */
export function getJson<T>(port: number, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.once('end', () => {
        if (response.statusCode !== 200) reject(new Error(`GET ${path} answered ${response.statusCode}, not 200`))
        else resolve(JSON.parse(body) as T)
      })
    })
    req.once('timeout', () => req.destroy(new Error(`GET ${path} timed out`)))
    req.once('error', reject)
    req.end()
  })
}
