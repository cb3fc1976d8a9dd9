import { readdirSync, realpathSync, statSync } from 'node:fs'
import { basename, join, relative, sep } from 'node:path'
import { packageErrors } from '../packages/errors.js'
import type { LoadedPackage } from '../packages/package_registry.js'
import { declaredOf, kindRules, RESOURCE_KIND_NAMES, type ResourceKindName } from '../resources/kinds.js'
import { globMatcher } from '../support/glob.js'
import { isInside } from '../support/paths.js'
import { publishingErrors } from './errors.js'
import type { PublishableFile } from './publishable_file.js'

/** The resources a package publishes (those declared with `publish: true`, and its migrations). */
export function publishableResources(loaded: LoadedPackage): ResourceKindName[] {
  return RESOURCE_KIND_NAMES.filter((kind) => declaredOf(loaded.definition, kind)?.publish)
}

/**
 * Every file a package can publish, with where its kind's rules put it in the app (SPEC §3, see
 * `RESOURCE_KINDS`): config → `config/<name>.ts`; views → `templates/vendor/<name>/…`; migrations
 * → `databases/migrations/<timestamp>_<file>` with a header naming the package and the original;
 * assets → `public/vendor/<name>/…`; translations → `lang/vendor/<name>/<locale>/…`. A file inside
 * a folder that links outside the package is an error naming it.
 */
export function publishableFiles(loaded: LoadedPackage, resources: ResourceKindName[] = publishableResources(loaded)): PublishableFile[] {
  const { definition, name } = loaded
  const root = definition.root
  const files: PublishableFile[] = []
  const add = (resource: ResourceKindName, source: string, destination: string) => {
    const sourcePath = toPosix(relative(root, source))
    const transform = kindRules(resource).transform?.(name, sourcePath)
    files.push({ package: name, version: loaded.version, resource, source, sourcePath, destination, transform })
  }
  for (const resource of resources) {
    const rules = kindRules(resource)
    const declared = declaredOf(definition, resource)
    if (!declared?.publish) continue
    for (const path of declared.paths) {
      if (rules.declares !== 'folder') add(resource, path, rules.destination(name, basename(path)))
      else for (const file of walk(path, root, name)) add(resource, file, rules.destination(name, toPosix(relative(path, file))))
    }
  }
  return files
}

// Only links are resolved: an entry that is not a link is inside the package when its folder is,
// and the folder is checked first (a folder reached through a link, when the link is).
function walk(folder: string, root: string, name: string): string[] {
  checkInside(folder, root, name)
  return walkInside(folder, root, name)
}

function walkInside(folder: string, root: string, name: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name)
    const isFolder = entry.isSymbolicLink() ? statSync(checkInside(path, root, name)).isDirectory() : entry.isDirectory()
    if (isFolder) files.push(...walkInside(path, root, name))
    else files.push(path)
  }
  return files
}

/** The real path of `path`, which must be inside the package root. */
function checkInside(path: string, root: string, name: string): string {
  const real = realpathSync(path)
  if (!isInside(root, real)) {
    throw packageErrors.E_PACKAGE_PATH_ESCAPE(`Package "${name}": ${relative(root, path)} links to ${real}, outside the package root`, {
      hint: 'Remove the link from the package, or ask its author to.',
    })
  }
  return real
}

function toPosix(path: string): string {
  return path.split(sep).join('/')
}

/**
 * The files that `--only` patterns choose (globs over the package path, such as
 * `templates/posts/show.edge` or `templates/**\/*.edge`, or over the destination in the app),
 * marked as chosen one by one. A pattern that chooses nothing is an error listing what can be.
 */
export function selectFiles(files: readonly PublishableFile[], patterns: readonly string[], packageName: string): PublishableFile[] {
  const matchers = patterns.map((pattern) => ({ pattern, match: globMatcher(pattern) }))
  for (const { pattern, match } of matchers) {
    if (files.some((file) => match(file.sourcePath) || match(file.destination))) continue
    const listed = files.slice(0, 12).map((file) => file.sourcePath)
    throw publishingErrors.E_PUBLISH_NO_MATCH(pattern, packageName, listed, files.length > listed.length)
  }
  return files
    .filter((file) => matchers.some(({ match }) => match(file.sourcePath) || match(file.destination)))
    .map((file) => ({ ...file, selected: true }))
}
