import { AssertionError } from 'node:assert'

/** What a `craft` command printed and its exit code, with assertions. */
export class CraftResult {
  constructor(
    readonly command: string,
    readonly exitCode: number,
    /** Everything written to stdout. */
    readonly output: string,
    /** Everything written to stderr. */
    readonly errorOutput: string,
  ) {}

  assertSuccess(): this {
    if (this.exitCode !== 0)
      this.#fail(`Expected craft ${this.command} to succeed, it exited ${this.exitCode}:\n${this.errorOutput || this.output}`)
    return this
  }

  assertFailed(code?: number): this {
    if (this.exitCode === 0 || (code !== undefined && this.exitCode !== code)) {
      this.#fail(`Expected craft ${this.command} to fail${code === undefined ? '' : ` with ${code}`}, it exited ${this.exitCode}`)
    }
    return this
  }

  assertOutputContains(text: string): this {
    if (!this.output.includes(text))
      this.#fail(`Expected the output of craft ${this.command} to contain ${JSON.stringify(text)}:\n${this.output}${this.errorOutput}`)
    return this
  }

  assertErrorContains(text: string): this {
    if (!this.errorOutput.includes(text))
      this.#fail(`Expected the errors of craft ${this.command} to contain ${JSON.stringify(text)}:\n${this.errorOutput}`)
    return this
  }

  #fail(message: string): never {
    throw new AssertionError({ message })
  }
}
