import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { CompileCache } from './compile_cache.js'
import { sharedImports } from './shared_imports.js'

const shared = sharedImports()

/** Options of `new Importer()`. */
export interface ImporterOptions {
  /** The app folder whose TypeScript comes from its compile cache (see compile_cache.ts). */
  root?: string
  /**
   * Import the app's TypeScript as it is, through tsx, bypassing the compile cache: for a test
   * app, whose test files import the app's TypeScript directly and must share its modules.
   */
  sourcesPreferred?: boolean
}

/**
 * How an application imports its files (config, providers, routes, controllers, commands,
 * migrations): JavaScript as it is; the app's own TypeScript from the compile cache of its folder
 * (see compile_cache.ts); any other TypeScript through tsx, registered on first need. Each
 * application owns one (`app.importer`) and hands it to whoever imports its files, so two
 * applications in one process (two test apps, say) each keep their own choices.
 *
 * When the process already runs under tsx (`node --import tsx`, `craft test`, the test helpers),
 * every file is imported as it is, so a test and the app share one copy of each module.
 *
 * @example
 * const importer = new Importer({ root: '/srv/blog' })
 * const routes = await importer.import<{ default: RouteItem[] }>('/srv/blog/routes/web.ts')
 */
export class Importer {
  readonly sourcesPreferred: boolean
  readonly #cache?: CompileCache

  constructor(options: ImporterOptions = {}) {
    this.sourcesPreferred = options.sourcesPreferred ?? false
    if (options.root !== undefined && !this.sourcesPreferred) this.#cache = compileCacheFor(options.root)
  }

  /** Imports a file by path (see above for how TypeScript is handled). */
  async import<T = Record<string, unknown>>(file: string): Promise<T> {
    if (!/\.(ts|mts|tsx)$/.test(file)) return load(file)
    if (startedUnderTsx()) return import(pathToFileURL(file).href)
    if (this.sourcesPreferred) {
      await registerTypeScript()
      return import(pathToFileURL(file).href)
    }
    const real = realpathOrSelf(file)
    if (this.#cache?.covers(real)) {
      const compiled = await this.#cache.module(real)
      if (compiled.needsLoader) await registerTypeScript()
      // Stack traces then name the TypeScript file and line, through the inline source map.
      if (!process.sourceMapsEnabled) process.setSourceMapsEnabled(true)
      return load(compiled.path)
    }
    await registerTypeScript()
    return import(pathToFileURL(file).href)
  }
}

/**
 * The compile cache of an app folder, one per folder in the process; none under tsx, with
 * MORTAR_COMPILE_CACHE=0, or for a folder that cannot be resolved (its files then go through tsx).
 */
function compileCacheFor(root: string): CompileCache | undefined {
  if (startedUnderTsx() || process.env.MORTAR_COMPILE_CACHE === '0') return undefined
  try {
    const cache = new CompileCache(root)
    const known = shared.caches.get(cache.root)
    if (known) return known
    shared.caches.set(cache.root, cache)
    return cache
  } catch {
    return undefined
  }
}

const outsideAnyApp = new Importer()

/**
 * Imports a file that belongs to no application (a package checked before it is installed, a
 * probe): JavaScript as it is, TypeScript through tsx. An application's files go through its
 * own importer, `app.importer.import(file)`.
 */
export function importFile<T = Record<string, unknown>>(file: string): Promise<T> {
  return outsideAnyApp.import<T>(file)
}

const requireFile = createRequire(import.meta.url)
/** Node ≥ 20.19 and ≥ 22.12 load ES modules with require(). */
const canRequireModules = (process.features as { require_module?: boolean }).require_module === true
/** What require() of an ES module refuses, where import() succeeds. */
const NOT_SYNC = new Set(['ERR_REQUIRE_ASYNC_MODULE', 'ERR_REQUIRE_CYCLE_MODULE', 'ERR_REQUIRE_ESM'])

/**
 * Loads a JavaScript module. An ES module without top-level await is first loaded with require(),
 * which reads and evaluates its graph synchronously: for the hundreds of small modules of an app
 * with many packages that takes about 40% less CPU than import(), which reads each file through
 * the thread pool (docs/performance.md, finding 1). The module lands in the same module map, so
 * require() returns the namespace import() would; for a module with a default export it returns a
 * copy (with an `__esModule` key) instead, and the import() that follows only fetches the
 * namespace of the loaded module. A module require() refuses (top-level await), or any module
 * while a TypeScript loader is registered (its hooks see only import()), is loaded by import()
 * alone.
 */
async function load<T>(file: string): Promise<T> {
  if (canRequireModules && !shared.loaderRegistered && !startedUnderTsx()) {
    try {
      const loaded = requireFile(file) as object
      // The namespace itself, unless it is the copy made for a default export (or CommonJS).
      if (Object.prototype.toString.call(loaded) === '[object Module]' && !('__esModule' in loaded)) return loaded as T
    } catch (error) {
      if (!NOT_SYNC.has((error as { code?: string }).code ?? '')) throw error
    }
  }
  return import(pathToFileURL(file).href)
}

/** Lets `import()` load any .ts file (tsx), once per process. */
export function registerTypeScript(): Promise<void> {
  if (startedUnderTsx()) return Promise.resolve()
  // One registration shared by every caller: files imported side by side (a package's migrations
  // load in parallel) all wait for it, not only the first.
  shared.registering ??= (async () => {
    shared.loaderRegistered = true
    const { register } = await import('tsx/esm/api')
    register()
  })()
  return shared.registering
}

/** True when the process was started with tsx's loader. */
function startedUnderTsx(): boolean {
  return process.execArgv.some((arg) => arg.includes('tsx')) || /tsx/.test(process.env.NODE_OPTIONS ?? '')
}

function realpathOrSelf(file: string): string {
  try {
    return realpathSync.native(file)
  } catch {
    return file
  }
}
