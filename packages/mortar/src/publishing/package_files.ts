import { readdirSync, realpathSync, statSync } from 'node:fs'
import { basename, extname, join, relative, sep } from 'node:path'
import { withPublishedHeader } from '../database/index.js'
import { MortarError } from '../errors.js'
import type { ResourceKind } from '../packages/package_provider.js'
import type { LoadedPackage } from '../packages/package_registry.js'
import { globMatcher } from '../support/glob.js'
import { isInside } from '../support/paths.js'
import type { PublishableFile } from './publishable_file.js'

/** The resources a package publishes (those declared with `publish: true`, and its migrations). */
export function publishableResources(loaded: LoadedPackage): ResourceKind[] {
  const { definition } = loaded
  const kinds: ResourceKind[] = []
  if (definition.config?.publish) kinds.push('config')
  if (definition.views?.publish) kinds.push('views')
  if (definition.migrations.length) kinds.push('migrations')
  if (definition.assets?.publish) kinds.push('assets')
  if (definition.translations?.publish) kinds.push('translations')
  return kinds
}

/**
 * Every file a package can publish, with where it goes in the app (SPEC §3):
 * config → `config/<name>.ts`; views → `templates/vendor/<name>/…`; migrations →
 * `databases/migrations/<timestamp>_<file>` with a header naming the package and the original;
 * assets → `public/vendor/<name>/…`; translations → `lang/vendor/<name>/<locale>/…`. A file inside a folder that links outside the package is an
 * error naming it.
 */
export function publishableFiles(loaded: LoadedPackage, resources: ResourceKind[] = publishableResources(loaded)): PublishableFile[] {
  const { definition, name } = loaded
  const root = definition.root
  const files: PublishableFile[] = []
  const add = (resource: ResourceKind, source: string, destination: string, transform?: (text: string) => string) => {
    files.push({
      package: name,
      version: loaded.version,
      resource,
      source,
      sourcePath: toPosix(relative(root, source)),
      destination,
      transform,
    })
  }
  for (const resource of resources) {
    if (resource === 'config' && definition.config?.publish) {
      add('config', definition.config.file, `config/${name}${extname(definition.config.file)}`)
    }
    if (resource === 'views' && definition.views?.publish) {
      for (const file of walk(definition.views.path, root, name)) {
        add('views', file, `templates/vendor/${name}/${toPosix(relative(definition.views.path, file))}`)
      }
    }
    if (resource === 'migrations') {
      for (const file of definition.migrations) {
        const sourcePath = toPosix(relative(root, file))
        add('migrations', file, `databases/migrations/{timestamp}_${basename(file)}`, (text) => withPublishedHeader(text, name, sourcePath))
      }
    }
    if (resource === 'assets' && definition.assets?.publish) {
      for (const file of walk(definition.assets.path, root, name)) {
        add('assets', file, `public/vendor/${name}/${toPosix(relative(definition.assets.path, file))}`)
      }
    }
    if (resource === 'translations' && definition.translations?.publish) {
      for (const file of walk(definition.translations.path, root, name)) {
        add('translations', file, `lang/vendor/${name}/${toPosix(relative(definition.translations.path, file))}`)
      }
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
    throw new MortarError(
      'E_PACKAGE_PATH_ESCAPE',
      `Package "${name}": ${relative(root, path)} links to ${real}, outside the package root`,
      {
        hint: 'Remove the link from the package, or ask its author to.',
      },
    )
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
    throw new MortarError('E_PUBLISH_NO_MATCH', `--only "${pattern}" matches no publishable file of package "${packageName}"`, {
      hint: files.length
        ? `Give a path inside the package, such as: ${listed.join(', ')}${files.length > listed.length ? ', …' : ''}`
        : 'This package publishes nothing.',
    })
  }
  return files
    .filter((file) => matchers.some(({ match }) => match(file.sourcePath) || match(file.destination)))
    .map((file) => ({ ...file, selected: true }))
}
