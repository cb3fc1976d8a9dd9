import { isBuiltin } from 'node:module'
import { isAbsolute, relative, sep } from 'node:path'
import { isInside } from '../support/paths.js'

/** A package's own files that its modules import, found by following every static import. */
export interface LocalImports {
  /** Each local file reached from the entries (entries excluded) → the first file that imports it. */
  files: Map<string, string>
  /** Relative or aliased imports that name no file, or a file outside the package. */
  unresolved: { importer: string; specifier: string; outside: boolean }[]
}

/** Files esbuild reads as modules; any other local file (a `.node` addon, text) is noted, not read. */
const CODE = /\.([cm]?[jt]sx?|json)$/
const PLUGIN_DATA = 'mortar-module-graph'

/** A path written as a file (relative, absolute or a `#` subpath import), not an npm name. */
const local = (specifier: string): boolean => /^[./#]/.test(specifier) || isAbsolute(specifier)

/**
 * Follows the static imports (and `import()` of a literal path) of `entries`, absolute paths of
 * modules inside `root`, with esbuild, which resolves them as Node and tsx do (`.js` naming a
 * `.ts` file, `paths` of tsconfig.json, `#imports`). Only the package's own files are followed:
 * npm packages, Node built-ins and anything under node_modules stay outside the graph. Type-only
 * imports are dropped, as at run time. Throws a SyntaxError naming the file and line for a module
 * that does not parse.
 *
 * @example
 * const { files } = await localImports(root, [join(root, 'controllers/posts_controller.ts')])
 * // Map { '/pkg/lib/posts.ts' => '/pkg/controllers/posts_controller.ts', … }
 */
export async function localImports(root: string, entries: string[]): Promise<LocalImports> {
  const files = new Map<string, string>()
  const unresolved: LocalImports['unresolved'] = []
  if (entries.length === 0) return { files, unresolved }
  const esbuild = await import('esbuild')
  const own = (path: string) => isInside(root, path) && !relative(root, path).split(sep).includes('node_modules')
  await esbuild
    .build({
      entryPoints: entries,
      absWorkingDir: root,
      // Nothing is written; distinct names only keep esbuild from refusing two entries `web.ts`, `web.js`.
      outdir: root,
      entryNames: '[dir]/[name]-[hash]',
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
      plugins: [
        {
          name: 'mortar-module-graph',
          setup(build) {
            build.onResolve({ filter: /.*/ }, async (args) => {
              if (args.kind === 'entry-point' || args.pluginData === PLUGIN_DATA) return undefined
              if (isBuiltin(args.path)) return { path: args.path, external: true }
              const found = await build.resolve(args.path, {
                kind: args.kind,
                resolveDir: args.resolveDir,
                importer: args.importer,
                pluginData: PLUGIN_DATA,
              })
              const target = found.errors.length === 0 && isAbsolute(found.path) ? found.path : undefined
              if (!target) {
                // A bare name that does not resolve is a dependency: npm installs it, not the tarball.
                if (local(args.path)) unresolved.push({ importer: args.importer, specifier: args.path, outside: false })
                return { path: args.path, external: true }
              }
              if (!own(target)) {
                if (local(args.path) && !isInside(root, target))
                  unresolved.push({ importer: args.importer, specifier: args.path, outside: true })
                return { path: args.path, external: true }
              }
              if (!files.has(target)) files.set(target, args.importer)
              return CODE.test(target) ? { path: target } : { path: args.path, external: true }
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
  for (const entry of entries) files.delete(entry)
  // One line per import, even when a file imports the same path twice (statically and with import()).
  const once = new Map(unresolved.map((item) => [`${item.importer}\0${item.specifier}`, item]))
  return { files, unresolved: [...once.values()] }
}
