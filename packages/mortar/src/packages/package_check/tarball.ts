import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { errorSummary } from '../../errors.js'
import { runNpm } from '../../installing/package_manager.js'
import { declaredOf, kindRules, RESOURCE_KIND_NAMES } from '../../resources/kinds.js'
import { isInside } from '../../support/paths.js'
import { ROUTES_AFTER } from '../declarations.js'
import { localImports } from '../module_graph.js'
import type { PackageDefinition } from '../package_provider.js'
import { exportTargets, filesFix } from './manifest.js'
import { npmFailure } from './npm_answer.js'
import { type Manifest, type PackageCheckReport, toPosix } from './report.js'

/** The paths `npm pack` would put in the tarball (scripts not run: this checks what is there now). */
export function packedFiles(root: string, report: PackageCheckReport): Set<string> | undefined {
  const result = runNpm(['pack', '--dry-run', '--json', '--ignore-scripts'], root, 120_000)
  try {
    const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[]
    if (result.status === 0 && pack) return new Set(pack.files.map((file) => file.path))
  } catch {}
  report.problems.push(`npm pack --dry-run failed (${npmFailure(result)}): fix package.json until npm pack runs`)
  return undefined
}

/** Every declared file, and the `mortar` and `exports` targets, must be in the tarball. */
export function checkPacked(
  root: string,
  manifest: Manifest,
  definition: PackageDefinition | undefined,
  packed: Set<string>,
  report: PackageCheckReport,
): void {
  const missing = new Map<string, string[]>()
  const declared = definition ? declaredFiles(root, definition) : []
  for (const path of declared) {
    if (packed.has(path)) continue
    const top = path.split('/')[0] as string
    missing.set(top, [...(missing.get(top) ?? []), path])
  }
  for (const [top, paths] of missing) {
    const first = paths[0] as string
    const what =
      paths.length === 1 ? `${first} is` : `${first} and ${paths.length - 1} more file${paths.length === 2 ? '' : 's'} under ${top}/ are`
    report.problems.push(`${what} declared by the provider but not in the package tarball: ${filesFix(manifest, first)}`)
  }
  if (definition && missing.size === 0)
    report.passed.push(`the ${declared.length} files the provider declares are in the tarball (${packed.size} files)`)

  const targets: [string, string][] = []
  if (manifest.mortar?.provider) targets.push([manifest.mortar.provider, 'the "mortar.provider" of package.json'])
  for (const target of exportTargets(manifest.exports)) targets.push([target, 'in "exports" of package.json'])
  const seen = new Set<string>()
  for (const [target, where] of targets) {
    const path = toPosix(relative(root, resolve(root, target)))
    if (seen.has(path)) continue
    seen.add(path)
    if (path.startsWith('..')) report.problems.push(`${target} (${where}) is outside the package: point it at a file inside the package`)
    else if (!existsSync(join(root, path)))
      report.problems.push(`${path} (${where}) does not exist: build the package (npm run build), or fix the path`)
    else if (!packed.has(path)) report.problems.push(`${path} (${where}) is not in the package tarball: ${filesFix(manifest, path)}`)
  }
  // The source only serves a package linked into an app while developing: it need not be packed.
  const source = manifest.mortar?.source
  if (source && !existsSync(resolve(root, source))) {
    report.problems.push(`${source} (the "mortar.source" of package.json) does not exist: fix the path, or remove "source"`)
  }
}

/**
 * Every local file that a declared module (the provider, the modules of kinds the app imports —
 * config, migrations —, routes, controllers; commands through the provider's imports) imports,
 * at any depth, must be in the tarball too: an app that installs the package would fail with
 * "Cannot find module" the moment it loads one.
 */
export async function checkImports(
  root: string,
  manifest: Manifest,
  definition: PackageDefinition,
  packed: Set<string>,
  report: PackageCheckReport,
): Promise<void> {
  const provider = manifest.mortar?.provider ? resolve(root, manifest.mortar.provider) : undefined
  // The modules an app loads; the files of other kinds (views, assets…) are read as files, not imported.
  const modules = [
    ...(provider && isInside(root, provider) && existsSync(provider) ? [provider] : []),
    ...RESOURCE_KIND_NAMES.filter((kind) => kindRules(kind).modules).flatMap((kind) => declaredOf(definition, kind)?.paths ?? []),
    ...definition.routes,
    ...definition.controllers.flatMap((folder) => walk(folder)),
  ]
  const entries = [...new Set(modules)].filter((file) => MODULE.test(file) && !file.endsWith('.d.ts'))
  let graph: Awaited<ReturnType<typeof localImports>>
  try {
    graph = await localImports(root, entries)
  } catch (error) {
    report.problems.push(`a declared module does not compile (${errorSummary(error)}): fix it`)
    return
  }
  const label = (file: string) => toPosix(relative(root, file))
  for (const { importer, specifier, outside } of graph.unresolved) {
    report.problems.push(
      outside
        ? `${label(importer)} imports "${specifier}", which is outside the package: move that file into the package and import it from there`
        : `${label(importer)} imports "${specifier}", which does not exist: create it, or fix the import`,
    )
  }
  // Declared files the tarball lacks were reported above, once per folder.
  const declared = new Set(declaredFiles(root, definition))
  const imported = [...graph.files].filter(([file]) => !declared.has(label(file)))
  let missing = 0
  for (const [file, importer] of imported) {
    const path = label(file)
    if (packed.has(path)) continue
    missing += 1
    report.problems.push(`${path} is imported by ${label(importer)} but not in the package tarball: ${filesFix(manifest, path)}`)
  }
  if (missing === 0 && imported.length > 0) {
    const count = imported.length
    report.passed.push(
      `the ${count} local file${count === 1 ? '' : 's'} the declared modules import ${count === 1 ? 'is' : 'are'} in the tarball`,
    )
  }
}

/** Files Node loads as modules. */
const MODULE = /\.[cm]?[jt]sx?$/

/**
 * Every file a definition names, folders walked, as `/`-separated paths relative to the root: the
 * resource kinds' files (in table order, with routes and controllers after migrations, as the
 * listings put them).
 */
function declaredFiles(root: string, definition: PackageDefinition): string[] {
  const files: string[] = []
  for (const kind of RESOURCE_KIND_NAMES) {
    const paths = declaredOf(definition, kind)?.paths ?? []
    files.push(...(kindRules(kind).declares === 'folder' ? paths.flatMap((folder) => walk(folder)) : paths))
    if (kind === ROUTES_AFTER) files.push(...definition.controllers.flatMap((folder) => walk(folder)), ...definition.routes)
  }
  return [...new Set(files.map((file) => toPosix(relative(root, file))))]
}

/** Files npm never packs, whatever "files" says: no use reporting them. */
const NEVER_PACKED = /^(\.DS_Store|\._.*|\.npmrc|npm-debug\.log|.*\.orig|\..*\.swp|\.git|node_modules)$/

function walk(folder: string): string[] {
  return readdirSync(folder)
    .filter((entry) => !NEVER_PACKED.test(entry))
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
}
