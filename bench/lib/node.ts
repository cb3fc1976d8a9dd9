import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Launch } from './proc.js'

/** The repository root (where `--import tsx` resolves). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The workspace's `mortar` package, which fixture apps link to. */
export const MORTAR_PACKAGE = fileURLToPath(new URL('../../packages/mortar/', import.meta.url))

/** A TypeScript file of bench/ run by this same node with tsx. */
export function tsScript(file: string, args: readonly string[] = [], env?: Record<string, string>): Launch {
  return {
    command: process.execPath,
    args: ['--import', 'tsx', fileURLToPath(new URL(`../${file}`, import.meta.url)), ...args],
    cwd: REPO_ROOT,
    env,
  }
}

const TASKSET = '/usr/bin/taskset'

/**
 * The same launch pinned to one CPU when the machine has two or more: servers get CPU 0 and the
 * load client CPU 1, so neither steals the other's core and runs vary less.
 */
export function pinned(launch: Launch, cpu: 0 | 1): Launch {
  if (cpus().length < 2 || !existsSync(TASKSET)) return launch
  return { ...launch, command: TASKSET, args: ['-c', String(cpu), launch.command, ...launch.args] }
}
