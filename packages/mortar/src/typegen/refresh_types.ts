import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CRAFT_BIN = fileURLToPath(new URL('../../bin/craft.js', import.meta.url))

/**
 * Runs `craft types` in a child process, for commands whose own boot has no routes (package:update
 * and package:remove) or no longer matches the app (after packages changed). Resolves to the
 * error's first line when it failed, which the caller prints as a warning: the command itself has
 * already done its work.
 */
export function refreshTypes(root: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CRAFT_BIN, 'types'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', (error) => resolve(error.message))
    child.on('exit', (code) => resolve(code === 0 ? undefined : stderr.trim().split('\n')[0] || `craft types exited with ${code}`))
  })
}
