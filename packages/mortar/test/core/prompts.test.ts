// A command's prompts in a real terminal: `ask()` shows what is typed, `secret()` shows nothing
// after its question. The command runs under util-linux's `script`, which gives it a
// pseudo-terminal (so `interactive` is true and the terminal echoes), and the answers are typed
// into that terminal one line at a time.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { CRAFT_BIN, createTempApp, removeTempApp } from '../support/temp_app.js'

const SCRIPT = '/usr/bin/script'

// What a terminal shows, without the escape sequences readline writes to move the cursor.
const ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g')
const shown = (output: string) => output.replace(ESCAPE, '').replace(/\r/g, '')

const COMMAND = `import { Command } from 'mortar'

export class Signup extends Command {
  static signature = 'signup'
  static description = 'Asks for a name and a password'

  async handle() {
    const name = await this.ask('Name:')
    const password = await this.secret('Password:')
    this.line(\`name=\${name} password-length=\${password.length} interactive=\${this.interactive}\`)
  }
}
`

/** Runs `craft <args>` in a terminal, typing each answer once the output so far ends with its prompt. */
async function inTerminal(root: string, args: string[], answers: [prompt: string, typed: string][]): Promise<string> {
  const command = [process.execPath, CRAFT_BIN, ...args].map((part) => `'${part}'`).join(' ')
  const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  const deadline = Date.now() + 20_000
  for (const [prompt, typed] of answers) {
    while (!shown(output).trimEnd().endsWith(prompt) && Date.now() < deadline) await sleep(25)
    assert.ok(shown(output).trimEnd().endsWith(prompt), `the terminal shows "${prompt}":\n${shown(output)}`)
    child.stdin.write(`${typed}\r`)
  }
  const code = await exited
  assert.equal(code, 0, shown(output))
  return shown(output)
}

describe('command prompts in a terminal', { skip: !existsSync(SCRIPT) && `${SCRIPT} is missing (util-linux)`, timeout: 120_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'prompts' })
    writeFileSync(join(root, 'app', 'commands', 'signup.ts'), COMMAND)
  })
  after(() => removeTempApp(root))

  it('ask() echoes the answer; secret() echoes nothing and returns the answer as typed', async () => {
    const output = await inTerminal(
      root,
      ['signup'],
      [
        ['Name:', 'Ada'],
        ['Password:', ' s3cret pass '],
      ],
    )
    assert.match(output, /Name: Ada/, 'the typed name shows')
    assert.doesNotMatch(output, /s3cret/, 'the typed password never shows')
    assert.match(output, /name=Ada password-length=13 interactive=true/)
  })
})
