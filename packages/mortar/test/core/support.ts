// Helpers shared by the core tests: writing files into a temp app, raw HTTP requests (a path is
// sent exactly as written, which `fetch` would normalise), and checks on craft's one-line errors.
import assert from 'node:assert/strict'

export { assertOneLineError } from '../support/assertions.js'

import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { dirname, join } from 'node:path'
import type { CraftRun } from '../support/temp_app.js'

/** Writes files (relative path → contents) into `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), contents)
  }
}

/** An HTTP answer read to the end. */
export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A request whose path goes on the wire exactly as given (no `..` or `%2e` normalising), bounded to 10 s. */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: 10_000 },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('timeout', () => req.destroy(new Error(`${path} timed out`)))
    req.on('error', reject)
    req.end()
  })
}

/** The same failure with --verbose: the one line, then the stack. */
export function assertVerboseStack(run: CraftRun): void {
  assert.notEqual(run.code, 0)
  assert.match(run.stderr, /^error /)
  assert.match(run.stderr, /^\s+at /m, `expected a stack with --verbose:\n${run.stderr}`)
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
