import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, join, posix, relative, sep } from 'node:path'
import { MORTAR_FOLDER } from '../publishing/index.js'
import { removeTempFiles, writeFileAtomic } from '../support/fs.js'
import { isAlive } from '../support/process_alive.js'
import { installingErrors } from './errors.js'
import { runPackageManager } from './package_manager.js'
import { type MigrationsTouched, undoMigrations } from './transaction_migrations.js'

/**
 * The journal of a package command (install, update, remove), `.mortar/journal.json`: before each
 * phase the command writes, atomically, what it is about to touch and how to put it back (a copy
 * of every file it may change, in `.mortar/journal/`). Finishing deletes it. A command killed at
 * any moment leaves it behind, and the next `craft` command rolls the interrupted one back before
 * doing anything else; a failed boot check rolls back through the same code.
 */

/** The phases, in the order the journal names them. */
export type JournalPhase = 'started' | 'package-manager' | 'files' | 'boot-check'

interface JournalFile {
  /** Relative to the app root, with `/`. */
  path: string
  existed: boolean
}

interface JournalData {
  version: 1
  command: string
  pid: number
  startedAt: string
  phase: JournalPhase
  files: JournalFile[]
  /** Folders whose every file is in `files`: a file found there on rollback that is not is deleted. */
  trees: string[]
  /** Folders that existed before (those holding a covered path, and every folder of the trees): rollback leaves them. */
  folders: string[]
  /** Set once the package manager may have run: its install is synced back to the restored lockfile. */
  packageManager?: { added: string[] }
  migrations?: MigrationsTouched
}

const JOURNAL_FILE = 'journal.json'
const BACKUP_FOLDER = 'journal'
/** Files every package command may touch, beside those it names. */
const ALWAYS = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'config/providers.ts',
  '.env',
  '.env.example',
  'storage/framework/packages.json',
  'storage/framework/commands.json',
]

/** `<app>/.mortar/journal.json`. */
export function journalPath(root: string): string {
  return join(root, MORTAR_FOLDER, JOURNAL_FILE)
}

/**
 * One package command as a transaction: `begin()` copies what it may touch, `phase()` records
 * progress, `commit()` forgets the copies, `rollback()` puts everything back.
 *
 * @example
 * const tx = await Transaction.begin(root, 'package:install mortar-blog')
 * try { await tx.phase('files', ['config/blog.ts']); …; await tx.commit() } catch (e) { await tx.rollback(); throw e }
 */
export class Transaction {
  readonly root: string
  readonly #data: JournalData

  private constructor(root: string, data: JournalData) {
    this.root = root
    this.#data = data
  }

  /** Starts a transaction; fails when another command's journal is still there. */
  static async begin(root: string, command: string): Promise<Transaction> {
    if (existsSync(journalPath(root))) {
      throw installingErrors.E_JOURNAL_BUSY(`Another package command is changing this app (${journalPath(root)} exists)`, {
        hint: 'Wait for it to finish; if none is running, run any craft command to roll it back.',
      })
    }
    rmSync(join(root, MORTAR_FOLDER, BACKUP_FOLDER), { recursive: true, force: true })
    const data: JournalData = {
      version: 1,
      command,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      phase: 'started',
      files: [],
      trees: [MORTAR_FOLDER],
      folders: treeFolders(root, MORTAR_FOLDER),
    }
    const transaction = new Transaction(root, data)
    transaction.#cover([...ALWAYS, ...treeFiles(root, MORTAR_FOLDER)])
    await transaction.#write()
    await pauseIfAsked('started')
    return transaction
  }

  /** Enters a phase, first covering `paths` (app-relative) so a rollback restores them too. */
  async phase(phase: Exclude<JournalPhase, 'started'>, paths: readonly string[] = []): Promise<void> {
    this.#cover(paths)
    this.#data.phase = phase
    await this.#write()
    await pauseIfAsked(phase)
  }

  /** Records, before the package manager runs, the npm names it adds (taken out again on rollback). */
  async packageManager(added: readonly string[]): Promise<void> {
    const known = this.#data.packageManager?.added ?? []
    this.#data.packageManager = { added: [...new Set([...known, ...added])] }
    if (this.#data.phase === 'package-manager') await this.#write()
    else await this.phase('package-manager')
  }

  /** Records, before migrations run or roll back, how to undo them. */
  async migrations(touched: MigrationsTouched): Promise<void> {
    this.#data.migrations = touched
    await this.#write()
  }

  /** The command worked: the journal and its copies go (the journal first: that is the commit). */
  async commit(): Promise<void> {
    rmSync(journalPath(this.root), { force: true })
    rmSync(join(this.root, MORTAR_FOLDER, BACKUP_FOLDER), { recursive: true, force: true })
  }

  /** Puts back everything the command touched, and forgets the journal. */
  async rollback(log: (text: string) => void = () => {}): Promise<void> {
    await undo(this.root, this.#data, log)
  }

  #cover(paths: readonly string[]): void {
    const covered = new Set(this.#data.files.map((file) => file.path))
    for (const raw of paths) {
      const path = posix.normalize(raw.replace(/\\/g, '/'))
      if (covered.has(path) || isJournalPath(path)) continue
      covered.add(path)
      for (let folder = posix.dirname(path); folder !== '.' && !this.#data.folders.includes(folder); folder = posix.dirname(folder)) {
        if (existsSync(join(this.root, folder))) this.#data.folders.push(folder)
      }
      const existed = existsSync(join(this.root, path))
      if (existed) {
        const copy = backupPath(this.root, path)
        mkdirSync(dirname(copy), { recursive: true })
        copyFileSync(join(this.root, path), copy)
      }
      this.#data.files.push({ path, existed })
    }
  }

  async #write(): Promise<void> {
    await writeFileAtomic(journalPath(this.root), `${JSON.stringify(this.#data, null, 2)}\n`)
  }
}

/**
 * Rolls back a package command that was interrupted (its journal is still there). Run by every
 * `craft` command before anything else; resolves to the line to print, or undefined when there
 * was nothing to do.
 */
export async function recoverInterrupted(root: string, log: (text: string) => void = () => {}): Promise<string | undefined> {
  const file = journalPath(root)
  if (!existsSync(file)) {
    // A command killed while committing: the journal went, its copies stayed.
    rmSync(join(root, MORTAR_FOLDER, BACKUP_FOLDER), { recursive: true, force: true })
    return undefined
  }
  let data: JournalData
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as JournalData
  } catch (error) {
    throw installingErrors.E_JOURNAL_CORRUPT(file, error)
  }
  if (data.pid !== process.pid && isAlive(data.pid)) {
    throw installingErrors.E_JOURNAL_BUSY(`"craft ${data.command}" (process ${data.pid}) is still changing this app`, {
      hint: 'Wait for it to finish, then run the command again.',
    })
  }
  await undo(root, data, log)
  return `Rolled back the interrupted "craft ${data.command}" (it stopped during ${data.phase}): the app is as it was before it.`
}

async function undo(root: string, data: JournalData, log: (text: string) => void): Promise<void> {
  try {
    // Migrations that ran are rolled back while the package that holds them is still installed.
    if (data.migrations?.direction === 'up') await undoMigrations(root, data.migrations)
    restoreFiles(root, data)
    if (data.packageManager) {
      for (const name of data.packageManager.added) rmSync(join(root, 'node_modules', name), { recursive: true, force: true })
      // npm trusts its record of node_modules; an interrupted install may have left it wrong.
      rmSync(join(root, 'node_modules', '.package-lock.json'), { force: true })
      await runPackageManager(root, 'sync', '', log)
    }
    // Migrations that were rolled back run again once the package is back.
    if (data.migrations?.direction === 'down') await undoMigrations(root, data.migrations)
    const folders = new Set(data.files.map((file) => dirname(join(root, file.path))))
    for (const folder of folders) await removeTempFiles(folder, data.pid)
    await removeTempFiles(join(root, MORTAR_FOLDER), data.pid, { deep: true })
  } catch (error) {
    throw installingErrors.E_ROLLBACK_FAILED(data.command, error)
  }
  rmSync(journalPath(root), { force: true })
  rmSync(join(root, MORTAR_FOLDER, BACKUP_FOLDER), { recursive: true, force: true })
  const mortar = join(root, MORTAR_FOLDER)
  if (!data.folders.includes(MORTAR_FOLDER)) removeIfEmpty(mortar)
}

function restoreFiles(root: string, data: JournalData): void {
  const kept = new Set((data.folders ?? []).map((folder) => join(root, folder)))
  const listed = new Set(data.files.map((file) => file.path))
  for (const tree of data.trees) {
    for (const path of treeFiles(root, tree)) {
      if (!listed.has(path) && !isJournalPath(path)) data.files.push({ path, existed: false })
    }
  }
  for (const file of data.files) {
    const target = join(root, file.path)
    if (file.existed) {
      const copy = readFileSync(backupPath(root, file.path))
      const current = existsSync(target) ? readFileSync(target) : undefined
      if (current?.equals(copy)) continue
      mkdirSync(dirname(target), { recursive: true })
      copyFileSync(backupPath(root, file.path), target)
    } else if (existsSync(target)) {
      rmSync(target, { force: true })
      // Folders the command made for the file go with it.
      for (
        let folder = dirname(target);
        folder.length > root.length && !kept.has(folder) && removeIfEmpty(folder);
        folder = dirname(folder)
      );
    }
  }
}

function removeIfEmpty(folder: string): boolean {
  try {
    if (readdirSync(folder).length > 0) return false
    rmdirSync(folder)
    return true
  } catch {
    return false
  }
}

function treeFiles(root: string, tree: string): string[] {
  const files: string[] = []
  const walk = (relative: string) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(join(root, relative), { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const path = `${relative}/${entry.name}`
      if (isJournalPath(path)) continue
      if (entry.isDirectory()) walk(path)
      else files.push(path)
    }
  }
  walk(tree)
  return files
}

function treeFolders(root: string, tree: string): string[] {
  if (!existsSync(join(root, tree))) return []
  const folders = [tree]
  for (const entry of readdirSync(join(root, tree), { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory())
      folders.push(posix.join(tree, relative(join(root, tree), join(entry.parentPath, entry.name)).split(sep).join('/')))
  }
  return folders.filter((folder) => !isJournalPath(`${folder}/`) && folder !== `${MORTAR_FOLDER}/${BACKUP_FOLDER}`)
}

function isJournalPath(path: string): boolean {
  return path === `${MORTAR_FOLDER}/${JOURNAL_FILE}` || path.startsWith(`${MORTAR_FOLDER}/${BACKUP_FOLDER}/`)
}

function backupPath(root: string, path: string): string {
  return join(root, MORTAR_FOLDER, BACKUP_FOLDER, 'files', path)
}

/**
 * `MORTAR_JOURNAL_PAUSE=<phase>` makes a command wait (up to a minute) right after its journal
 * enters that phase, saying so on stderr: how the tests kill it at a known moment.
 */
async function pauseIfAsked(phase: JournalPhase): Promise<void> {
  if (process.env.MORTAR_JOURNAL_PAUSE !== phase) return
  process.stderr.write(`journal: paused at ${phase}\n`)
  await new Promise((resolve) => setTimeout(resolve, 60_000))
}
