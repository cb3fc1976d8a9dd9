import { posix } from 'node:path'
import { packageErrors } from '../packages/errors.js'
import { RESOURCE_KIND_NAMES, type ResourceKindName } from '../resources/kinds.js'
import { contentHash, type FileContent, readContent, textContent } from './content.js'

/** The kinds of resource a package can publish into an application: those of `RESOURCE_KINDS`. */
export const PUBLISHABLE_RESOURCES: readonly ResourceKindName[] = RESOURCE_KIND_NAMES

/** One of {@link PUBLISHABLE_RESOURCES}. */
export type PublishableResource = ResourceKindName

/**
 * One file a package can publish, as the package system computes it from the provider.
 *
 * @example
 * const file: PublishableFile = {
 *   package: 'blog', version: '1.2.0', resource: 'views',
 *   source: '/app/node_modules/mortar-blog/templates/admin/index.edge',
 *   sourcePath: 'templates/admin/index.edge',
 *   destination: 'templates/vendor/blog/admin/index.edge',
 * }
 */
export interface PublishableFile {
  /** The package's name, e.g. `blog`. */
  package: string
  /** The installed npm version of the package. */
  version: string
  resource: PublishableResource
  /** Absolute path of the file inside the installed package. */
  source: string
  /** The same, relative to the package root, with `/` separators. */
  sourcePath: string
  /**
   * Where it goes, relative to the app root with `/` separators. A migration's destination may
   * hold `{timestamp}`, filled in at first publish; once published, the ledger's destination wins.
   */
  destination: string
  /** Applied to the source text (with LF line endings) before writing; text files only. */
  transform?: (contents: string) => string
  /**
   * Chosen one by one (`package:publish --only`) rather than with its whole resource: the ledger
   * remembers it, and `package:status` and `package:update` then add no other file of that
   * resource on their own.
   */
  selected?: boolean
}

/** The file as it would be written, with the two hashes the ledger keeps. */
export interface PreparedFile {
  /** What would be written (after `transform`). */
  content: FileContent
  /** sha256 of the package's source. */
  upstream: string
  /** sha256 of `content`. */
  written: string
}

/** Reads the package's source and applies the transform. */
export async function prepareFile(file: PublishableFile): Promise<PreparedFile> {
  const source = await readContent(file.source)
  if (!source) {
    throw packageErrors.E_PACKAGE_RESOURCE_MISSING(
      `Package '${file.package}' declares ${file.sourcePath} but ${file.source} does not exist`,
      { hint: 'Reinstall the package, or fix the path in its provider.' },
    )
  }
  let content = source
  if (file.transform && source.kind === 'text') content = textContent(file.transform(source.text), source.eol)
  return { content, upstream: contentHash(source), written: contentHash(content) }
}

/**
 * A destination as the ledger keys it: relative, `/`-separated, inside the app. `undefined` for a
 * path that is absolute or climbs out with `..`.
 */
export function normaliseDestination(path: string): string | undefined {
  const slashed = path.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) return undefined
  const normal = posix.normalize(slashed)
  if (normal === '.' || normal === '..' || normal.startsWith('../')) return undefined
  return normal
}

/** {@link normaliseDestination}, failing with an error naming the package and the path. */
export function checkedDestination(file: PublishableFile): string {
  const destination = normaliseDestination(file.destination)
  if (destination === undefined) {
    throw packageErrors.E_PACKAGE_PATH_ESCAPE(
      `Package '${file.package}' would publish ${file.sourcePath} to ${file.destination}, outside the application`,
      { hint: 'A destination must be a path relative to the application root.' },
    )
  }
  return destination
}

/** The key that pairs a ledger entry with the package file it came from. */
export function sourceKey(file: { package: string; sourcePath: string }): string {
  return `${file.package}\0${file.sourcePath}`
}

/** The package names a list of files belongs to, in first-seen order. */
export function packagesOf(files: readonly PublishableFile[]): string[] {
  return [...new Set(files.map((file) => file.package))]
}
