// Publishing under faults. A `craft package:publish` of a ~200-file package is killed with
// SIGKILL at random points, many times; after each kill every destination holds the complete old
// or the complete new content (or, for a new file, nothing), the ledger is valid and either the
// old one or one that matches the disk, and a later publish converges. Two publishes at once
// serialise (or one fails with the lock message). A corrupt ledger is a clear error, and
// `craft package:rebuild-ledger` rebuilds it from the files on disk.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { PackageDefinition } from '../../src/packages/package_provider.js'
import type { LoadedPackage } from '../../src/packages/package_registry.js'
import { contentHash, lockPath, parseContent, publish, publishableFiles, readLedger, status } from '../../src/publishing/index.js'
import { CRAFT_BIN, createTempApp, MORTAR } from '../support/temp_app.js'
import { assertOneLineError, craftAsync, linkPackage, pool, sha256, snapshotTree, treeChanges, writePackage } from './support.js'

const TRIALS = 25
/**
 * Trial apps live in memory (tmpfs) when the machine has one: a SIGKILL leaves the kernel's view
 * of the files as it is on any file system, and each fsync there costs nothing.
 */
const FAST_TMP = isWritableFolder('/dev/shm') ? '/dev/shm' : tmpdir()

function isWritableFolder(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
const MIGRATIONS = ['migrations/create_bulk_table.ts', 'migrations/create_bulk_items_table.ts']

/** The `bulk` package at one version: config, 100 views, 100 assets (20 binary), 2 migrations; v2 changes every file and adds 15. */
function bulkFiles(version: 1 | 2): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {}
  const filler = (path: string) =>
    `${`<!-- ${path} v${version} -->\n`}${'<p>lorem ipsum dolor sit amet</p>\n'.repeat(10 + (path.length % 30))}<!-- end of ${path} v${version} -->\n`
  files['config/bulk.ts'] =
    `// Bulk settings, version ${version}\nexport default {\n  version: ${version},\n  per_page: ${10 * version},\n}\n`
  for (let i = 0; i < 100 + (version === 2 ? 10 : 0); i++) {
    const path = `templates/section-${i % 6}/view-${i}.edge`
    files[path] = filler(path)
  }
  for (let i = 0; i < 80 + (version === 2 ? 5 : 0); i++) {
    const path = `assets/css/file-${i}.css`
    files[path] = `/* ${path} v${version} */\n${`.c${i} { color: #${(i * 97 + version).toString(16).padStart(3, '0')}; }\n`.repeat(20)}`
  }
  for (let i = 0; i < 20; i++) {
    files[`assets/img/picture-${i}.bin`] = Uint8Array.from({ length: 2048 }, (_, j) => (i * 31 + j * version) % 256)
  }
  for (const path of MIGRATIONS) {
    const table = path.includes('items') ? 'bulk_items' : 'bulk'
    files[path] = `import type { Kysely } from 'kysely'
// version ${version}
export async function up(db: Kysely<any>) {
  await db.schema.createTable('${table}').addColumn('id', 'integer', (c) => c.primaryKey()).execute()
}
export async function down(db: Kysely<any>) {
  await db.schema.dropTable('${table}').execute()
}
`
  }
  return files
}

function writeBulk(folder: string, version: 1 | 2): string {
  return writePackage(folder, {
    npmName: 'mortar-bulk',
    version: `${version}.0.0`,
    configure: `this.root(import.meta.url, '.').name('bulk').config('config/bulk.ts').views('templates').migrations(${MIGRATIONS.map((m) => `'${m}'`).join(', ')}).assets('assets')`,
    files: bulkFiles(version),
  })
}

/** The package as the publishing library sees it, for in-process convergence checks. */
function loadedBulk(root: string, version: string): LoadedPackage {
  const definition: PackageDefinition = {
    name: 'bulk',
    root,
    provider: 'FixtureProvider',
    config: { file: join(root, 'config', 'bulk.ts'), publish: true },
    views: { path: join(root, 'templates'), publish: true },
    migrations: MIGRATIONS.map((path) => join(root, path)),
    controllers: [],
    routes: [],
    assets: { path: join(root, 'assets'), publish: true },
    commands: [],
    installPublishes: ['config'],
  }
  return { name: 'bulk', definition, provider: undefined as never, version, npm: undefined }
}

/** Destinations published by the package (relative path → sha256 of the bytes on disk), from the ledger. */
function publishedContents(root: string): Map<string, string> {
  const ledger = JSON.parse(readFileSync(join(root, '.mortar', 'ledger.json'), 'utf8')) as { files: Record<string, unknown> }
  return new Map(Object.keys(ledger.files).map((destination) => [destination, sha256(readFileSync(join(root, destination)))]))
}

/** Temp files left by interrupted atomic writes, anywhere but node_modules (relative paths). */
function tempFiles(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tempFiles(root, path)
    return /^\.[^/]+\.\d+\.[0-9a-f]{8}\.tmp$/.test(entry.name) ? [relative(root, path)] : []
  })
}

/** A copy of `app` (in memory when possible) with `bulk` at `packageFolder`. */
function copyApp(app: string, packageFolder: string): string {
  const root = join(mkdtempSync(join(FAST_TMP, 'mortar-fault-')), 'app')
  cpSync(app, root, { recursive: true, verbatimSymlinks: true })
  // Absolute links: the copy may sit at another depth than the app (relative links would break).
  for (const [name, target] of [
    ['mortar', MORTAR],
    ['mortar-bulk', packageFolder],
  ] as const) {
    unlinkSync(join(root, 'node_modules', name))
    symlinkSync(target, join(root, 'node_modules', name), 'dir')
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  manifest.dependencies['mortar-bulk'] = `file:${packageFolder}`
  writeFileSync(join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  rmSync(join(root, 'storage', 'framework'), { recursive: true, force: true })
  return root
}

/** When to kill: ms after spawning, after the lock appears, or after the first file is replaced. */
type KillPlan = { afterSpawnMs: number } | { afterLockMs: number } | { afterFirstWriteMs: number } | { never: true }

/** What happened to one run, in ms from its start (undefined: not seen before it ended). */
interface RunTimeline {
  killed: boolean
  lock?: number
  firstWrite?: number
  ledger?: number
  end: number
}

/**
 * Runs `craft package:publish bulk` in `root` and SIGKILLs it per `plan`. Watches, every
 * millisecond, for its lock, for config/bulk.ts (the first file it writes) and for the ledger
 * (written after every file) to be replaced.
 */
async function publishAndKill(root: string, plan: KillPlan): Promise<RunTimeline> {
  const inode = (path: string) => (existsSync(path) ? statSync(path).ino : 0)
  const firstFile = join(root, 'config', 'bulk.ts')
  const ledgerFile = join(root, '.mortar', 'ledger.json')
  const firstInode = inode(firstFile)
  const ledgerInode = inode(ledgerFile)
  const child = spawn(process.execPath, [CRAFT_BIN, 'package:publish', 'bulk'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: 'ignore',
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const lock = lockPath(root)
  const started = Date.now()
  const timeline: RunTimeline = { killed: false, end: 0 }
  while (child.exitCode === null && child.signalCode === null) {
    const now = Date.now() - started
    timeline.lock ??= existsSync(lock) ? now : undefined
    timeline.firstWrite ??= inode(firstFile) !== firstInode ? now : undefined
    timeline.ledger ??= inode(ledgerFile) !== ledgerInode ? now : undefined
    const due =
      ('afterSpawnMs' in plan && now >= plan.afterSpawnMs) ||
      ('afterLockMs' in plan && timeline.lock !== undefined && now - timeline.lock >= plan.afterLockMs) ||
      ('afterFirstWriteMs' in plan && timeline.firstWrite !== undefined && now - timeline.firstWrite >= plan.afterFirstWriteMs)
    if (due || now > 30_000) {
      child.kill('SIGKILL')
      break
    }
    await sleep(1)
  }
  await exited
  timeline.killed = child.signalCode === 'SIGKILL'
  timeline.end = Date.now() - started
  return timeline
}

describe('publishing under faults', () => {
  const made: string[] = []
  let v1Folder: string
  let v2Folder: string
  let baseline: string
  /** Destination → sha256 of the v1 and v2 copies as published. */
  let v1: Map<string, string>
  let v2: Map<string, string>
  /** From the calibration run: ms from spawn to the lock, from the lock to the first write, from there to the ledger. */
  let calibration: { toLock: number; toFirstWrite: number; writing: number }

  before(async () => {
    baseline = createTempApp({ name: 'faults' })
    made.push(join(baseline, '..'))
    v1Folder = writeBulk(join(baseline, '..', 'bulk-v1'), 1)
    v2Folder = writeBulk(join(baseline, '..', 'bulk-v2'), 2)
    linkPackage(baseline, v1Folder)
    const published = await craftAsync(baseline, ['package:publish', 'bulk'], { timeout: 60_000 })
    assert.equal(published.code, 0, published.stderr)
    v1 = publishedContents(baseline)
    assert.ok(v1.size >= 200, `the package published ${v1.size} files`)

    // One publish of v2 run to the end: the new contents, and how long the lock is held.
    const calibrated = copyApp(baseline, v2Folder)
    made.push(join(calibrated, '..'))
    const run = await publishAndKill(calibrated, { never: true })
    assert.equal(run.killed, false)
    assert.ok(run.lock !== undefined && run.firstWrite !== undefined && run.ledger !== undefined, JSON.stringify(run))
    calibration = { toLock: run.lock, toFirstWrite: run.firstWrite - run.lock, writing: run.ledger - run.firstWrite }
    v2 = publishedContents(calibrated)
    assert.equal(v2.size, v1.size + 15)
  })
  after(() => {
    for (const folder of made) rmSync(folder, { recursive: true, force: true })
  })

  test(`${TRIALS} publishes killed with SIGKILL at random points: each file old or new, never partial; the ledger valid; a later publish converges`, async (t) => {
    const started = Date.now()
    const outcomes = await pool(
      Array.from({ length: TRIALS }, (_, trial) => async () => {
        const root = copyApp(baseline, v2Folder)
        try {
          // Most kills land while files are being replaced; some at any time the lock is held
          // (planning, storing merge bases), some at any time from the start (booting included).
          const { toLock, toFirstWrite, writing } = calibration
          const plan: KillPlan =
            trial % 5 === 4
              ? { afterSpawnMs: Math.random() * (toLock + toFirstWrite + writing) * 1.1 }
              : trial % 5 === 3
                ? { afterLockMs: Math.random() * (toFirstWrite + writing) * 1.1 }
                : { afterFirstWriteMs: Math.random() * writing }
          const outcome = await publishAndKill(root, plan)
          const state = await inspect(root)
          const temps = tempFiles(root).length
          await converge(root, trial < 2)
          return { plan, outcome, temps, ...state }
        } finally {
          rmSync(join(root, '..'), { recursive: true, force: true })
        }
      }),
      2,
    )

    for (const { plan, outcome, mixed, ledgerIsNew, temps } of outcomes) {
      const when = Object.entries(plan).map(([key, value]) => `${key}=${Math.round(Number(value))}`)
      t.diagnostic(
        `${when} killed=${outcome.killed} at=${outcome.end}ms mixed=${mixed} ledger=${ledgerIsNew ? 'new' : 'old'} temp files=${temps}`,
      )
    }
    // Landed mid-publish: files were being replaced (some or all new) and the ledger not yet written.
    const midPublish = outcomes.filter((outcome) => outcome.midWrite).length
    const mixed = outcomes.filter((outcome) => outcome.mixed).length
    t.diagnostic(
      `${midPublish} of ${TRIALS} kills landed mid-publish (files being replaced, ledger not yet written; ${mixed} with old and new files side by side) in ${Date.now() - started} ms; calibration ${JSON.stringify(calibration)}`,
    )
    assert.ok(midPublish >= 5, `only ${midPublish} kills landed mid-publish`)

    /** A later publish converges: in-process (the library craft calls) always, through the real craft when asked. */
    async function converge(root: string, withCraft: boolean): Promise<void> {
      const files = publishableFiles(loadedBulk(v2Folder, '2.0.0'))
      const results = await publish(root, files, { lockTimeoutMs: 2000 })
      const odd = results.filter((result) => result.state !== 'written' && result.state !== 'unchanged')
      assert.deepEqual(odd, [], 'a later publish writes or keeps every file; none looks changed by the user')
      assertConverged(root)
      assert.deepEqual((await status(root, files)).counts, { unchanged: v2.size })
      // Taking over the killed publish's lock deleted the temp files its writes left. Only those of
      // the runtime caches it wrote while booting, before taking the lock, may stay: dotfiles ending
      // in .tmp in storage/, which the app never loads, never serves, and the ledger never records.
      const recorded = JSON.parse(readFileSync(join(root, '.mortar', 'ledger.json'), 'utf8')).files as Record<string, unknown>
      for (const temp of tempFiles(root)) assert.equal(recorded[temp], undefined)
      assert.deepEqual(
        tempFiles(root).filter((temp) => !temp.startsWith(`storage${sep}`)),
        [],
        'no temp file is left beside a destination',
      )
      if (!withCraft) return
      rmSync(join(root, 'config', 'bulk.ts')) // one file for it to write again
      const again = await craftAsync(root, ['package:publish', 'bulk'], { timeout: 60_000 })
      assert.equal(again.code, 0, again.stderr)
      assert.match(again.stdout, /1 written, \d+ unchanged, 0 skipped/)
      const report = await craftAsync(root, ['package:status', 'bulk'], { timeout: 60_000 })
      assert.equal(report.code, 0, report.stdout + report.stderr)
      assertConverged(root)
    }

    async function inspect(root: string): Promise<{ mixed: boolean; midWrite: boolean; ledgerIsNew: boolean }> {
      let olds = 0
      let news = 0
      for (const [destination, newHash] of v2) {
        const path = join(root, destination)
        const oldHash = v1.get(destination)
        if (!existsSync(path)) {
          assert.equal(oldHash, undefined, `${destination} was deleted`)
          continue
        }
        const hash = sha256(readFileSync(path))
        assert.ok(hash === oldHash || hash === newHash, `${destination} is neither the old nor the new content (partial write) in ${root}`)
        if (hash === newHash) news++
        else olds++
      }
      // The ledger parses and validates, and is either the old one or one that matches the disk.
      await readLedger(root)
      const ledgerText = readFileSync(join(root, '.mortar', 'ledger.json'), 'utf8')
      const ledger = JSON.parse(ledgerText) as { files: Record<string, { written: string; version: string }> }
      const ledgerIsNew = ledgerText !== readFileSync(join(baseline, '.mortar', 'ledger.json'), 'utf8')
      if (ledgerIsNew) {
        assert.equal(Object.keys(ledger.files).length, v2.size)
        for (const [destination, entry] of Object.entries(ledger.files)) {
          assert.equal(entry.version, '2.0.0')
          assert.equal(
            contentHash(parseContent(readFileSync(join(root, destination)))),
            entry.written,
            `${destination} does not match the new ledger`,
          )
        }
      }
      return { mixed: olds > 0 && news > 0, midWrite: news > 0 && !ledgerIsNew, ledgerIsNew }
    }
  })

  test('two publishes at once serialise, or one fails clearly with the lock message; the result is complete', async () => {
    const root = copyApp(baseline, v2Folder)
    made.push(join(root, '..'))
    const [first, second] = await Promise.all([
      craftAsync(root, ['package:publish', 'bulk'], { timeout: 60_000 }),
      craftAsync(root, ['package:publish', 'bulk'], { timeout: 60_000 }),
    ])
    for (const run of [first, second]) {
      if (run.code !== 0) assertOneLineError(run, 'Another publish, update or remove is running on this application')
    }
    assert.ok(first.code === 0 || second.code === 0, `neither publish succeeded:\n${first.stderr}\n${second.stderr}`)
    assertConverged(root)
    assert.equal(existsSync(lockPath(root)), false, 'the lock is released')
  })

  test('a corrupt ledger is one clear error that names the fix; craft package:rebuild-ledger rebuilds it from the files on disk', async () => {
    const root = copyApp(baseline, v1Folder)
    made.push(join(root, '..'))
    const ledgerFile = join(root, '.mortar', 'ledger.json')
    const good = readFileSync(ledgerFile, 'utf8')
    // Truncated mid-write by some other tool, then edited by the user in one published file.
    writeFileSync(ledgerFile, good.slice(0, Math.floor(good.length / 2)))
    writeFileSync(join(root, 'config', 'bulk.ts'), `${readFileSync(join(root, 'config', 'bulk.ts'), 'utf8')}// my own note\n`)
    const before = snapshotTree(root)

    const refused = await craftAsync(root, ['package:publish', 'bulk', '--force'], { timeout: 60_000 })
    assertOneLineError(refused, 'publish ledger', 'cannot be read', 'not valid JSON', 'craft package:rebuild-ledger')
    assert.deepEqual(treeChanges(before, snapshotTree(root)), [], 'nothing was written while the ledger is corrupt')

    const rebuilt = await craftAsync(root, ['package:rebuild-ledger'], { timeout: 60_000 })
    assert.equal(rebuilt.code, 0, rebuilt.stderr)
    assert.match(rebuilt.stdout, new RegExp(`Ledger rebuilt: ${v1.size} published file\\(s\\) recorded`))
    assert.match(rebuilt.stdout, /changed by you\s+config\/bulk\.ts/)
    const ledger = await readLedger(root)
    assert.deepEqual(
      Object.keys(ledger.files).sort(),
      [...v1.keys()].sort(),
      'every published file is recorded again, migrations at their timestamps',
    )

    const statusAfter = await craftAsync(root, ['package:status', 'bulk'], { timeout: 60_000 })
    assert.equal(statusAfter.code, 0, statusAfter.stdout + statusAfter.stderr)
    assert.match(statusAfter.stdout, /changed by you\s+bulk\s+config\/bulk\.ts/)
  })

  test('a ledger with git conflict markers is a clear E_LEDGER_CORRUPT', async () => {
    const root = copyApp(baseline, v1Folder)
    made.push(join(root, '..'))
    const ledgerFile = join(root, '.mortar', 'ledger.json')
    const good = readFileSync(ledgerFile, 'utf8')
    writeFileSync(ledgerFile, `<<<<<<< HEAD\n${good}=======\n${good}>>>>>>> feature\n`)
    await assert.rejects(readLedger(root), (error: Error & { code?: string; hint?: string }) => {
      assert.equal(error.code, 'E_LEDGER_CORRUPT')
      assert.match(error.message, /git merge conflict markers/)
      assert.match(error.hint ?? '', /craft package:rebuild-ledger/)
      return true
    })
  })

  function assertConverged(root: string): void {
    const ledger = JSON.parse(readFileSync(join(root, '.mortar', 'ledger.json'), 'utf8')) as { files: Record<string, { written: string }> }
    assert.equal(Object.keys(ledger.files).length, v2.size)
    for (const [destination, hash] of v2) {
      assert.equal(sha256(readFileSync(join(root, destination))), hash, `${destination} holds the new content`)
    }
    // No second copy of a migration under another timestamp.
    const migrations = readdirSync(join(root, 'databases', 'migrations')).filter((name) => name.endsWith('.ts'))
    assert.equal(migrations.length, MIGRATIONS.length, migrations.join(', '))
  }
})
