import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { APP_LAYOUT } from '../app/layout.js'
import { writeFileAtomic } from './fs.js'
import { readJson } from './json_file.js'
import { isInside } from './paths.js'

/**
 * The compile cache: an application's own TypeScript (config/, routes/, app/, databases/…) and
 * the TypeScript resource files of its installed packages (routes, controllers, migrations),
 * compiled once to `storage/framework/compiled/` and imported as plain JavaScript, so that a
 * start does not register a TypeScript loader at all.
 *
 * Why: on Node 20 a loader's hooks run on a separate thread, and once they are registered every
 * module the process loads afterwards (each package's provider, routes, commands, migrations)
 * pays a round trip to it. Measured in docs/performance.md (finding 1): booting a 50-package app
 * took 34% less time from compiled output than through tsx's hooks.
 *
 * How it stays correct:
 * - Each file is compiled by esbuild, which tsx uses too, so the JavaScript is what tsx would
 *   run. esbuild reads the app's tsconfig.json (paths, decorators, JSX) as tsx does.
 * - Every import is resolved by esbuild at compile time and rewritten: another TypeScript file of
 *   the app becomes the relative path of its compiled copy (so each module exists once); any
 *   other relative or aliased file (JSON, JavaScript) becomes its absolute file URL; npm packages
 *   stay bare and resolve from the app root as before. `import.meta.url`, `dirname` and
 *   `filename` are replaced by the original file's, and an inline source map points stack
 *   traces at the original lines.
 * - A file is recompiled when its size, mtime or inode changes, and everything when Mortar,
 *   esbuild or tsconfig.json changes. Before a file is imported, the files it imports are
 *   checked too, at any depth: new imports of a freshly compiled file are compiled in the same
 *   call. A compiled copy that went missing (the folder deleted while the app runs) is compiled
 *   again before anything imports it.
 * - Outside the cache's reach (a linked package's files, whose real path is outside the app; a
 *   package with its own node_modules; a TypeScript import of such a file) the caller registers
 *   tsx, as before.
 *
 * Not covered: a dynamic `import()` of a computed relative path, and `import.meta.resolve()`,
 * resolve from the compiled copy's folder; set MORTAR_COMPILE_CACHE=0 to run through tsx.
 */

/** What the cache knows about one source file. */
interface CacheEntry {
  /** Fingerprint of the source: size, mtime and inode. */
  stamp: string
  /** Size of the compiled copy: one cut short (a power loss) is compiled again. */
  size: number
  /** TypeScript files of the app this file imports (absolute paths). */
  deps: string[]
  /** It imports TypeScript the cache does not cover, so tsx must be registered first. */
  needsLoader: boolean
}

interface CacheManifest {
  key: string
  files: Record<string, CacheEntry>
}

/** A compiled module to import, and whether tsx must be registered before importing it. */
export interface CompiledModule {
  path: string
  needsLoader: boolean
}

const TYPESCRIPT = /\.(ts|mts|tsx)$/
const FOLDER = APP_LAYOUT.compiled

type Esbuild = typeof import('esbuild')

export class CompileCache {
  readonly root: string
  readonly #dir: string
  #manifest?: CacheManifest
  /** Files whose source is known fresh in this process (a process never sees its own sources change). */
  readonly #checked = new Set<string>()

  constructor(root: string) {
    this.root = realpathSync.native(root)
    this.#dir = join(this.root, FOLDER)
  }

  /**
   * True for the TypeScript files the cache compiles: the app's own (under the root, outside
   * node_modules and storage/), and those of a package installed in the app's node_modules that
   * has no node_modules of its own (its imports then resolve from the app, as from the copy).
   */
  covers(file: string): boolean {
    return TYPESCRIPT.test(file) && !file.endsWith('.d.ts') && (this.#inApp(file) || this.#inInstalledPackage(file))
  }

  readonly #selfContained = new Map<string, boolean>()

  #inInstalledPackage(file: string): boolean {
    const parts = relative(this.root, file).split(sep)
    if (parts[0] !== 'node_modules') return false
    const nameParts = parts[1]?.startsWith('@') ? 2 : 1
    const rest = parts.slice(1 + nameParts)
    if (rest.length === 0 || rest.includes('node_modules')) return false
    const folder = join(this.root, ...parts.slice(0, 1 + nameParts))
    let selfContained = this.#selfContained.get(folder)
    if (selfContained === undefined) {
      selfContained = !existsSync(join(folder, 'node_modules'))
      this.#selfContained.set(folder, selfContained)
    }
    return selfContained
  }

  #inApp(file: string): boolean {
    if (!isInside(this.root, file)) return false
    const parts = relative(this.root, file).split(sep)
    return !parts.includes('node_modules') && parts[0] !== APP_LAYOUT.storage
  }

  /** Where the compiled copy of a covered file lives (a package's under `_packages/`). */
  outputOf(file: string): string {
    return join(this.#dir, relative(this.root, file).replace(/^node_modules(?=[/\\])/, '_packages')).replace(TYPESCRIPT, '.mjs')
  }

  /**
   * The compiled module for `file` (a covered path, as returned by realpath), compiling it and
   * the app files it imports when they changed. Throws the compiler's error, naming the file
   * and line, for a file that does not compile.
   */
  async module(file: string): Promise<CompiledModule> {
    const manifest = this.#load()
    for (;;) {
      const stale = this.#stale(file, manifest)
      if (stale.length === 0) break
      await this.#compile(stale, manifest)
    }
    return { path: this.outputOf(file), needsLoader: this.#needsLoader(file, manifest, new Set()) }
  }

  /**
   * Files of `file`'s import graph that must be compiled before it can be imported. A stale file
   * is compiled before the files it imports are known, so `module()` asks again until the whole
   * graph is fresh, and only then remembers its sources as checked: a file is never marked
   * checked while a file it imports, at any depth, is still to be compiled. Compiled copies are
   * looked at on every call, checked or not: one deleted while the process runs (the compiled
   * folder removed under `craft serve`) is compiled again, where Node would fail to resolve it.
   */
  #stale(file: string, manifest: CacheManifest): string[] {
    const stale: string[] = []
    const seen = new Set<string>()
    const visit = (path: string): void => {
      if (seen.has(path)) return
      seen.add(path)
      const entry = manifest.files[path]
      const fresh =
        entry !== undefined &&
        (this.#checked.has(path) || entry.stamp === stampOf(path)) &&
        statSync(this.outputOf(path), { throwIfNoEntry: false })?.size === entry.size
      if (!fresh) {
        stale.push(path)
        return
      }
      for (const dep of entry.deps) visit(dep)
    }
    visit(file)
    if (stale.length === 0) for (const path of seen) this.#checked.add(path)
    return stale
  }

  #needsLoader(file: string, manifest: CacheManifest, seen: Set<string>): boolean {
    if (seen.has(file)) return false
    seen.add(file)
    const entry = manifest.files[file]
    if (!entry) return true
    return entry.needsLoader || entry.deps.some((dep) => this.#needsLoader(dep, manifest, seen))
  }

  async #compile(files: string[], manifest: CacheManifest): Promise<void> {
    const esbuild = await loadEsbuild()
    await Promise.all(files.map((file) => this.#compileOne(esbuild, file, manifest)))
    await this.#save(manifest)
  }

  async #compileOne(esbuild: Esbuild, file: string, manifest: CacheManifest): Promise<void> {
    const stamp = stampOf(file)
    const output = this.outputOf(file)
    const deps = new Set<string>()
    let needsLoader = false
    const fileUrl = pathToFileURL(file).href
    const result = await esbuild
      .build({
        entryPoints: [file],
        outfile: output,
        absWorkingDir: this.root,
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node20.19',
        sourcemap: 'inline',
        sourcesContent: false,
        logLevel: 'silent',
        define: {
          'import.meta.url': JSON.stringify(fileUrl),
          'import.meta.filename': JSON.stringify(file),
          'import.meta.dirname': JSON.stringify(dirname(file)),
        },
        plugins: [
          {
            name: 'mortar-compile-cache',
            setup: (build) => {
              build.onResolve({ filter: /.*/ }, async (args) => {
                if (args.kind === 'entry-point' || args.pluginData === 'mortar') return undefined
                if (args.path.startsWith('node:')) return { path: args.path, external: true }
                const found = await build.resolve(args.path, {
                  kind: args.kind,
                  resolveDir: args.resolveDir,
                  importer: args.importer,
                  pluginData: 'mortar',
                })
                const target = found.errors.length === 0 && isAbsolute(found.path) ? found.path : undefined
                if (!target) return { path: args.path, external: true }
                if (this.covers(target)) {
                  deps.add(target)
                  let path = relative(dirname(output), this.outputOf(target)).split(sep).join('/')
                  if (!path.startsWith('.')) path = `./${path}`
                  return { path, external: true }
                }
                if (TYPESCRIPT.test(target)) needsLoader = true
                // A package name stays as written, so that Node resolves it (export conditions and
                // all) from the app as before; a tsconfig alias into the app becomes its file.
                const bare = !/^[./#]/.test(args.path) && !isAbsolute(args.path) && !this.#inApp(target)
                if (bare && !TYPESCRIPT.test(target)) return { path: args.path, external: true }
                return { path: pathToFileURL(target).href, external: true }
              })
            },
          },
        ],
      })
      .catch((error: { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }) => {
        const first = error.errors?.[0]
        if (!first) throw error
        const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : ''
        throw new SyntaxError(`${where}${first.text}`, { cause: error })
      })
    const text = result.outputFiles.find((out) => out.path === output)?.text
    if (text === undefined) throw new Error(`esbuild produced no output for ${file}`)
    // Not flushed to disk: a copy cut short by a power loss has the wrong size, and is compiled again.
    await writeFileAtomic(output, text, { flush: false })
    manifest.files[file] = { stamp, size: Buffer.byteLength(text), deps: [...deps].sort(), needsLoader }
  }

  #load(): CacheManifest {
    if (this.#manifest) return this.#manifest
    const key = cacheKey(this.root)
    // No cache yet, an unreadable one or one for another build: start empty.
    const read = readJson<CacheManifest>(join(this.#dir, 'manifest.json'))
    this.#manifest = read?.key === key && read.files && typeof read.files === 'object' ? read : { key, files: {} }
    return this.#manifest
  }

  async #save(manifest: CacheManifest): Promise<void> {
    await writeFileAtomic(join(this.#dir, 'manifest.json'), `${JSON.stringify(manifest)}\n`, { flush: false })
  }
}

let esbuildModule: Promise<Esbuild> | undefined
function loadEsbuild(): Promise<Esbuild> {
  esbuildModule ??= import('esbuild')
  return esbuildModule
}

/** Everything besides the file itself that changes what a compile produces, and the app folder. */
function cacheKey(root: string): string {
  const require = createRequire(import.meta.url)
  const versionOf = (name: string): string => {
    try {
      return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version
    } catch {
      return '?'
    }
  }
  const tsconfig = join(root, 'tsconfig.json')
  // The root too: a manifest copied or moved with the app (cp -a, a Docker stage) names the old
  // folder's files, whose compiled copies import that folder; it starts empty instead.
  return ['v3', root, versionOf('esbuild'), mortarStamp(), existsSync(tsconfig) ? stampOf(tsconfig) : 'no-tsconfig'].join('|')
}

/** Mortar's own build: a rebuilt framework may compile imports differently. */
function mortarStamp(): string {
  try {
    return stampOf(fileURLToPath(import.meta.url))
  } catch {
    return '?'
  }
}

function stampOf(file: string): string {
  const stats = statSync(file, { bigint: true })
  return `${stats.size}:${stats.mtimeNs}:${stats.ino}`
}
