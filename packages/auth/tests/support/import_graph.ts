// Walks the imports of a package's files (TypeScript sources and compiled JavaScript alike) and
// reports every one that leaves the package's allowed surface.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** One import found in a file: its specifier, and why it is not allowed (undefined when it is). */
export interface ImportEdge {
  file: string
  specifier: string
  problem?: string
}

const IMPORT =
  /(?:^|[\s;})])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/gm

/** The module specifiers a source file imports (static, dynamic and side-effect imports; type-only ones too). */
export function importsOf(source: string): string[] {
  const found: string[] = []
  // Comments hold examples (`import '@mortar/auth/testing'` in a doc comment) that import nothing.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  for (const match of code.matchAll(IMPORT)) found.push((match[1] ?? match[2] ?? match[3]) as string)
  return found
}

/** Every .ts/.js file under `root` (node_modules left out). */
export function moduleFiles(root: string): string[] {
  const out: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path)
      } else if (/\.(?:ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path)
    }
  }
  walk(root)
  return out
}

/**
 * Checks each import of each file under `root`: `mortar` only through the entries its package.json
 * exports (`allowedMortar`), other bare names only when declared as dependencies (or Node
 * built-ins), relative paths only to files inside `root`.
 */
export function checkImports(root: string, options: { allowedMortar: string[]; dependencies: string[] }): ImportEdge[] {
  const edges: ImportEdge[] = []
  for (const file of moduleFiles(root)) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      edges.push({ file: relative(root, file), specifier, problem: problemOf(root, file, specifier, options) })
    }
  }
  return edges
}

function problemOf(
  root: string,
  file: string,
  specifier: string,
  options: { allowedMortar: string[]; dependencies: string[] },
): string | undefined {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier)
    if (target !== root && !target.startsWith(root + sep)) return 'leaves the package'
    const candidates = [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}.js`, join(target, 'index.js')]
    return candidates.some((path) => existsSync(path) && statSync(path).isFile()) ? undefined : 'is not in the package'
  }
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined
  if (specifier === 'mortar' || specifier.startsWith('mortar/')) {
    return options.allowedMortar.includes(specifier) ? undefined : `is not one of mortar's exports (${options.allowedMortar.join(', ')})`
  }
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string)
  return options.dependencies.includes(name) ? undefined : 'is not a declared dependency'
}
