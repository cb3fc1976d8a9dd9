// Test support: a private npm registry (Verdaccio) on 127.0.0.1, with its storage and users in a
// temp folder and no uplinks, so nothing published or installed through it leaves the machine.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, stopChild, WORKSPACE } from './run.js'

/** A running registry; `stop()` ends it. */
export interface Registry {
  /** `http://127.0.0.1:<port>/` */
  url: string
  /** Creates a user (the npm `adduser` call) and resolves to its token. */
  token(name: string, password: string): Promise<string>
  stop(): Promise<void>
}

/** Starts Verdaccio with its files under `folder`, and waits (up to 30 s) until it answers. */
export async function startRegistry(folder: string): Promise<Registry> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  mkdirSync(join(folder, 'storage'), { recursive: true })
  const config = join(folder, 'config.yaml')
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(folder, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(folder, 'htpasswd'))}`,
      '    max_users: 100',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  )
  const bin = join(WORKSPACE, 'node_modules', 'verdaccio', 'bin', 'verdaccio')
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const stop = () => stopChild(child)

  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited early:\n${output}`)
    try {
      const ping = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2000) })
      if (ping.ok) break
    } catch {}
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`Verdaccio did not answer within 30 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  return {
    url,
    stop,
    async token(name, password) {
      const response = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
        signal: AbortSignal.timeout(10_000),
      })
      const body = (await response.json()) as { token?: string }
      if (!response.ok || !body.token) throw new Error(`Verdaccio refused the user ${name}: ${response.status} ${JSON.stringify(body)}`)
      return body.token
    },
  }
}
