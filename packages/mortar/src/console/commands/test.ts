import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from '../command.js'
import { consoleErrors } from '../errors.js'

const REGISTER = fileURLToPath(new URL('../../register.js', import.meta.url))

/**
 * `craft test`: runs the `*.test.ts` files under tests/ (or the given files and folders) with
 * node:test, TypeScript included.
 */
export class Test extends Command {
  static override signature =
    'test {paths?* : test files or folders (default: tests/)} {--only= : run only the tests whose name matches this pattern}'
  static override description = 'Run the tests in tests/ with node:test (TypeScript included)'

  async handle() {
    const paths = this.argument<string[]>('paths')
    const targets = paths.length ? paths : ['tests']
    const files = targets.flatMap((target) => collect(join(this.root, target)))
    if (files.length === 0) {
      throw consoleErrors.E_COMMAND_USAGE(`No test files (*.test.ts or *.test.js) in ${targets.join(', ')}`, {
        hint: 'Create tests/example.test.ts, or pass the files to run.',
      })
    }
    const only = this.option<string | undefined>('only')
    const args = [
      '--import',
      REGISTER,
      '--test',
      ...(only ? ['--test-name-pattern', only] : []),
      ...files.map((file) => relative(this.root, file)),
    ]
    return new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: this.root, stdio: 'inherit' })
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    })
  }
}

function collect(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const full = join(path, entry.name)
      if (entry.isDirectory()) return collect(full)
      return /\.test\.(ts|mts|js|mjs)$/.test(entry.name) ? [full] : []
    })
    .sort()
}
