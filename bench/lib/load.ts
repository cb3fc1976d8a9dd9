import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { createInterface, type Interface } from 'node:readline'
import type { LoadOptions, LoadResult } from '../load/client.js'
import { pinned, tsScript } from './node.js'
import { stopProcess } from './proc.js'

export type { LoadOptions, LoadResult }

/**
 * The load client (bench/load/client.ts) in a process of its own, pinned to CPU 1, kept for the
 * whole suite: each `run()` sends it one job and waits for its result. Only 127.0.0.1 is loaded.
 */
export class LoadClient {
  readonly #child: ChildProcessWithoutNullStreams
  readonly #lines: Interface
  readonly #waiting: ((line: string | undefined) => void)[] = []
  #stderr = ''

  constructor() {
    const launch = pinned(tsScript('load/client.ts'), 1)
    this.#child = spawn(launch.command, launch.args, { cwd: launch.cwd, env: process.env })
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000)
    })
    this.#lines = createInterface({ input: this.#child.stdout })
    this.#lines.on('line', (line) => this.#waiting.shift()?.(line))
    this.#child.once('close', () => {
      for (const waiter of this.#waiting.splice(0)) waiter(undefined)
    })
  }

  /**
   * Runs one job. Fails when any answer was not of the expected status class (2xx unless the job
   * says 3xx): a broken route must not pass as fast.
   */
  async run(options: LoadOptions): Promise<LoadResult> {
    const line = await new Promise<string | undefined>((resolve) => {
      this.#waiting.push(resolve)
      this.#child.stdin.write(`${JSON.stringify(options)}\n`)
    })
    if (line === undefined) throw new Error(`the load client exited:\n${this.#stderr}`)
    const result = JSON.parse(line) as LoadResult
    if (result.unexpected > 0 || !(result.requests > 0)) {
      throw new Error(
        `load on ${options.method ?? 'GET'} ${options.paths.join(', ')}: ${result.requests} answers, ${result.unexpected} not ${options.expectClass ?? '2'}xx, ${result.errors} socket errors`,
      )
    }
    return result
  }

  /** Ends the client (stdin closed, then a signal if it lingers). */
  async close(): Promise<void> {
    this.#child.stdin.end()
    await stopProcess(this.#child)
  }
}
