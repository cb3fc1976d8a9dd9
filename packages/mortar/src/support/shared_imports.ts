import type { CompileCache } from './compile_cache.js'

/**
 * What every importer in the process shares, kept on globalThis so that every copy of mortar in
 * the process (a package's nested copy, the compiled and source builds side by side) shares it
 * too. Two things are the process's, not an application's: tsx's loader, which hooks every
 * import() once registered (a second registration would transform each file twice, and while it
 * is registered require() must not load modules, since its hooks see only import()); and the
 * compile cache of an app folder, whose manifest and compiled copies on disk have one writer per
 * process even when several applications of that folder live in it. `mortar/register` and
 * support/import_file.ts both read it; it imports nothing, so `mortar/register` stays light.
 */
export interface SharedImports {
  loaderRegistered: boolean
  registering?: Promise<void>
  caches: Map<string, CompileCache>
}

const KEY = Symbol.for('mortar.imports')

/** The process's record, made on first use. */
export function sharedImports(): SharedImports {
  const globals = globalThis as Record<symbol, unknown>
  globals[KEY] ??= { loaderRegistered: false, caches: new Map() } satisfies SharedImports
  return globals[KEY] as SharedImports
}
