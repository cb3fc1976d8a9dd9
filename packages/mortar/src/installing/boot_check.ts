import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CRAFT_BIN = fileURLToPath(new URL('../../bin/craft.js', import.meta.url))

// The environment craft started with, before the app's .env was loaded into it: the child must
// read the .env as the command left it, not values this process loaded from the one before.
const LAUNCH_ENV: NodeJS.ProcessEnv = { ...process.env }

/** The hidden craft argument that runs the boot check (see `bootCheck()`). */
export const BOOT_CHECK_COMMAND = '__boot-check'

/**
 * Boots the app in a child process, as a fresh start would: every provider registers and boots,
 * every route file loads and the HTTP kernel is built, every command imports. On success the
 * child also writes `.mortar/types.d.ts`. Resolves to the failure's message, or undefined when
 * the app booted.
 */
export function bootCheck(root: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...LAUNCH_ENV, NO_COLOR: '1' }
    delete env.MORTAR_JOURNAL_PAUSE
    const child = spawn(process.execPath, [CRAFT_BIN, BOOT_CHECK_COMMAND], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', (error) => resolve(error.message))
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve(undefined)
      const line = stderr.split('\n').find((text) => text.startsWith('error ')) ?? stderr.trim().split('\n')[0]
      resolve(line?.replace(/^error /, '') || `the boot check exited with ${signal ?? code}`)
    })
  })
}
