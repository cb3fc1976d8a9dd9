/** Where a command writes. `craft` writes to the terminal; the test runner captures. */
export interface Output {
  stdout(text: string): void
  stderr(text: string): void
  /** Whether colours may be used. */
  readonly colors: boolean
}

/** The terminal. Colours only on a TTY without NO_COLOR. */
export function terminalOutput(): Output {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    colors: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  }
}

/** Collects everything written, for tests. */
export function captureOutput(): Output & { out: string; err: string } {
  const captured = {
    out: '',
    err: '',
    colors: false,
    stdout(text: string) {
      captured.out += text
    },
    stderr(text: string) {
      captured.err += text
    },
  }
  return captured
}

const CODES = { green: 32, yellow: 33, red: 31, cyan: 36, dim: 2, bold: 1 } as const
export type Colour = keyof typeof CODES

export function paint(output: Output, colour: Colour, text: string): string {
  return output.colors ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text
}
