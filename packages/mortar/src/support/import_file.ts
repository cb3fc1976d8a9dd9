import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { CompileCache } from './compile_cache.js'

/**
 * How Mortar imports a file of the application (config, providers, routes, controllers,
 * commands, migrations): JavaScript as it is; the app's own TypeScript from the compile cache
 * (see compile_cache.ts); any other TypeScript through tsx, registered on first need.
 *
 * When the process already runs under tsx (`node --import tsx`, `craft test`, the test helpers),
 * every file is imported as it is, so a test and the app share one copy of each module.
 */

const caches = new Map<string, CompileCache>()
let loaderRegistered = false
let sourcesPreferred = false

/** Lets files under `root` be imported from its compile cache (a no-op under tsx or with MORTAR_COMPILE_CACHE=0). */
export function useCompileCache(root: string): void {
  if (startedUnderTsx() || process.env.MORTAR_COMPILE_CACHE === '0') return
  try {
    const cache = new CompileCache(root)
    if (!caches.has(cache.root)) caches.set(cache.root, cache)
  } catch {
    // A root that cannot be resolved: its files go through tsx.
  }
}

/** Imports an application file by path (see above for how TypeScript is handled). */
export async function importFile<T = Record<string, unknown>>(file: string): Promise<T> {
  if (!/\.(ts|mts|tsx)$/.test(file)) return load(file)
  if (startedUnderTsx() || sourcesPreferred) return import(pathToFileURL(file).href)
  const real = realpathOrSelf(file)
  for (const cache of caches.values()) {
    if (!cache.covers(real)) continue
    const compiled = await cache.module(real)
    if (compiled.needsLoader) await registerTypeScript()
    // Stack traces then name the TypeScript file and line, through the inline source map.
    if (!process.sourceMapsEnabled) process.setSourceMapsEnabled(true)
    return load(compiled.path)
  }
  await registerTypeScript()
  return import(pathToFileURL(file).href)
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
  if (canRequireModules && !loaderRegistered && !startedUnderTsx()) {
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
  registering ??= (async () => {
    loaderRegistered = true
    const { register } = await import('tsx/esm/api')
    register()
  })()
  return registering
}

let registering: Promise<void> | undefined

/**
 * Registers tsx and imports every later file as it is, bypassing the compile cache: for a process
 * whose own code (tests) imports the app's TypeScript directly and must share its modules.
 */
export async function useTypeScriptLoader(): Promise<void> {
  sourcesPreferred = true
  await registerTypeScript()
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
