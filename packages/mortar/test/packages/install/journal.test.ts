import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CRAFT_BIN, craft, createTempApp, removeTempApp } from '../../support/temp_app.js'
import { pack, recipeProvider, treeFiles, treeHash } from './support.js'

/** A seeded generator, so a failing run can be repeated: the seed is in the failure message. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * Runs `craft package:install` in its own process group and SIGKILLs the whole group (craft, npm
 * and the boot check) when the journal says it reached `pause`, or `delay` ms after it printed
 * `after` (or after it started). Resolves to whether the kill happened before the command ended
 * by itself.
 */
function installAndKill(
  root: string,
  tarball: string,
  when: { pause?: string; delay?: number; after?: string },
): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
    if (when.pause) env.MORTAR_JOURNAL_PAUSE = when.pause
    const child = spawn(process.execPath, [CRAFT_BIN, 'package:install', tarball, '--yes'], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    let killed = false
    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null || killed) return
      killed = true
      process.kill(-(child.pid as number), 'SIGKILL')
    }
    let timer: NodeJS.Timeout | undefined
    const seen = (chunk: Buffer) => {
      output += chunk
      if (when.pause && output.includes(`journal: paused at ${when.pause}`)) kill()
      if (when.after && timer === undefined && output.includes(when.after)) timer = setTimeout(kill, when.delay)
    }
    child.stdout.on('data', seen)
    child.stderr.on('data', seen)
    if (!when.after && when.delay !== undefined) timer = setTimeout(kill, when.delay)
    // Bounded: a command that never reaches its pause is killed too (and the test then fails).
    const limit = setTimeout(kill, 30_000)
    child.on('exit', () => {
      clearTimeout(timer)
      clearTimeout(limit)
      resolve({ killed, output })
    })
  })
}

describe('the install journal: a SIGKILL at any moment is rolled back by the next craft command', () => {
  let root: string
  let scratch: string
  let tarball: string
  const read = (path: string) => readFileSync(join(root, path), 'utf8')

  before(() => {
    root = createTempApp({ name: 'journal' })
    scratch = mkdtempSync(join(tmpdir(), 'mortar-journal-'))
    tarball = pack(scratch, {
      npmName: 'mortar-guestbook',
      files: {
        'provider.js': recipeProvider(`
      .name('guestbook')
      .config('config/guestbook.ts')
      .install({
        env: { GUESTBOOK_TITLE: 'Guests', GUESTBOOK_KEY: { generate: 'secret' } },
        stubs: { 'stubs/guestbook_controller.ts': 'app/controllers/guestbook_controller.ts' },
      })`),
        'config/guestbook.ts': 'export default {\n  // Entries per page.\n  per_page: 20,\n}\n',
        'stubs/guestbook_controller.ts': 'export default class GuestbookController {}\n',
      },
    })
  })
  after(() => {
    removeTempApp(root)
    rmSync(scratch, { recursive: true, force: true })
  })

  /** Fully with the package: every piece of the install is there, and the app boots. */
  function assertFullyWith(context: string): void {
    assert.match(read('package.json'), /"mortar-guestbook"/, context)
    assert.ok(existsSync(join(root, 'node_modules', 'mortar-guestbook', 'provider.js')), context)
    assert.ok(JSON.parse(read('.mortar/ledger.json')).installs?.guestbook, context)
    assert.match(read('.env'), /^GUESTBOOK_KEY=\S+$/m, context)
    assert.match(read('.env.example'), /^GUESTBOOK_TITLE=Guests$/m, context)
    assert.ok(existsSync(join(root, 'config', 'guestbook.ts')), context)
    assert.ok(existsSync(join(root, 'app', 'controllers', 'guestbook_controller.ts')), context)
    assert.ok(!existsSync(join(root, '.mortar', 'journal.json')), context)
  }

  /** Fully without: the tree is as before and the package is not in node_modules. */
  function assertFullyWithout(before: { hash: string; files: string[] }, context: string): void {
    assert.deepEqual(treeFiles(root), before.files, context)
    assert.equal(treeHash(root), before.hash, context)
    assert.ok(!existsSync(join(root, 'node_modules', 'mortar-guestbook')), context)
  }

  it('ends fully without or fully with the package, whatever the moment of the kill', async (t) => {
    // One uninterrupted install gives the time an install takes here; removing it gives the
    // tree the app has without the package.
    const started = Date.now()
    const whole = await installAndKill(root, tarball, {})
    const duration = Date.now() - started
    assert.equal(whole.killed, false, whole.output)
    assertFullyWith('an install that ran to its end')
    const removed = craft(root, ['package:remove', 'guestbook'])
    assert.equal(removed.code, 0, removed.stdout + removed.stderr)
    let before = { hash: treeHash(root), files: treeFiles(root) }

    const seed = Number(process.env.MORTAR_TEST_SEED ?? Date.now() % 100_000)
    const next = random(seed)
    const trials: { pause?: string; delay?: number; after?: string }[] = [
      { pause: 'started' },
      { pause: 'package-manager' },
      // While npm is adding the package.
      { after: 'Installing ', delay: 250 },
      { pause: 'files' },
      { pause: 'boot-check' },
      ...Array.from({ length: 8 }, () => ({ delay: Math.floor(next() * duration * 0.8) })),
    ]
    const outcomes: string[] = []
    for (const trial of trials) {
      const context = `seed ${seed}, kill ${trial.pause ? `at phase ${trial.pause}` : `${trial.delay} ms after ${trial.after ?? 'the start'}`}`
      const run = await installAndKill(root, tarball, trial)
      if (trial.pause) assert.ok(run.killed && run.output.includes(`paused at ${trial.pause}`), `${context}: ${run.output}`)
      const recovery = craft(root, ['routes:list'])
      assert.equal(recovery.code, 0, `${context}: ${recovery.stdout}${recovery.stderr}`)
      const rolledBack = /Rolled back the interrupted "craft package:install/.test(recovery.stdout)
      if (existsSync(join(root, 'node_modules', 'mortar-guestbook')) && !rolledBack) {
        assertFullyWith(context)
        outcomes.push('with')
        const again = craft(root, ['package:remove', 'guestbook'])
        assert.equal(again.code, 0, `${context}: ${again.stdout}${again.stderr}`)
        before = { hash: treeHash(root), files: treeFiles(root) }
      } else {
        assertFullyWithout(before, context)
        if (trial.pause) assert.ok(rolledBack, `${context}: the next command says it rolled back`)
        assert.equal(recovery.stdout.split('\n').filter((line) => line.includes('Rolled back')).length, rolledBack ? 1 : 0)
        outcomes.push(rolledBack ? 'rolled back' : 'without')
      }
    }
    t.diagnostic(`seed ${seed}: ${outcomes.join(', ')}`)
    assert.ok(outcomes.filter((outcome) => outcome === 'rolled back').length >= 4, outcomes.join(', '))
  })

  it('while the command still runs, another craft command waits for it rather than rolling it back', async () => {
    const before = { hash: treeHash(root), files: treeFiles(root) }
    const env = { ...process.env, NO_COLOR: '1', MORTAR_JOURNAL_PAUSE: 'files' }
    const child = spawn(process.execPath, [CRAFT_BIN, 'package:install', tarball, '--yes'], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let output = ''
    await new Promise<void>((resolve) => {
      const limit = setTimeout(resolve, 30_000)
      child.stderr.on('data', (chunk) => {
        output += chunk
        if (output.includes('journal: paused at files')) {
          clearTimeout(limit)
          resolve()
        }
      })
    })
    const busy = craft(root, ['routes:list'])
    const exited = new Promise((resolve) => child.on('exit', resolve))
    process.kill(-(child.pid as number), 'SIGKILL')
    await exited
    assert.match(output, /paused at files/)
    assert.notEqual(busy.code, 0)
    assert.match(busy.stderr, /"craft package:install [^"]+" \(process \d+\) is still changing this app/)
    const recovery = craft(root, ['routes:list'])
    assert.equal(recovery.code, 0, recovery.stderr)
    assert.match(recovery.stdout, /Rolled back the interrupted "craft package:install .*" \(it stopped during files\)/)
    assert.deepEqual(treeFiles(root), before.files)
    assert.equal(treeHash(root), before.hash)
  })
})
