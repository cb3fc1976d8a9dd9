import { open } from 'node:fs/promises'
import { basename, extname } from 'node:path'

/**
 * A migration a package published into the app keeps the package's identity in its first line:
 *
 *     // mortar:published blog migrations/create_posts_table.ts
 *
 * (the package name, then the original file's path relative to the package root). The migrator
 * reads that line to run and record the app's copy as the package's migration.
 */
export interface PublishedMigrationHeader {
  /** The package's name (`blog`), which is the migration's source. */
  package: string
  /** The original file, relative to the package root (`migrations/create_posts_table.ts`). */
  path: string
}

const HEADER_PREFIX = '// mortar:published '
const HEADER_PATTERN = /^\/\/ mortar:published (\S+) (.+?)\s*$/

/**
 * The header line (without its newline) for a migration published from `packageName`.
 *
 * @example
 * publishedMigrationHeader('blog', 'migrations/create_posts_table.ts')
 * // '// mortar:published blog migrations/create_posts_table.ts'
 */
export function publishedMigrationHeader(packageName: string, originalPath: string): string {
  return `${HEADER_PREFIX}${packageName} ${originalPath.replaceAll('\\', '/')}`
}

/**
 * The contents of a published copy: the header line, then the original contents (an existing
 * header is replaced, so publishing a published file never stacks headers).
 *
 * @example
 * const copy = withPublishedHeader(await readFile(original, 'utf8'), 'blog', 'migrations/create_posts_table.ts')
 */
export function withPublishedHeader(contents: string, packageName: string, originalPath: string): string {
  const body = parsePublishedHeader(contents) ? contents.slice(headerLine(contents).length).replace(/^\r?\n/, '') : contents
  return `${publishedMigrationHeader(packageName, originalPath)}\n${body}`
}

/**
 * The header of a published migration's contents, or undefined for the app's own migrations.
 *
 * @example
 * parsePublishedHeader('// mortar:published blog migrations/create_posts_table.ts\n…')
 * // { package: 'blog', path: 'migrations/create_posts_table.ts' }
 */
export function parsePublishedHeader(contents: string): PublishedMigrationHeader | undefined {
  const match = HEADER_PATTERN.exec(headerLine(contents).replace(/^\uFEFF/, ''))
  return match ? { package: match[1] as string, path: match[2] as string } : undefined
}

/** Reads only the start of `file` and returns its published-migration header, if it has one. */
export async function readPublishedHeader(file: string): Promise<PublishedMigrationHeader | undefined> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return parsePublishedHeader(buffer.subarray(0, bytesRead).toString('utf8'))
  } finally {
    await handle.close()
  }
}

/**
 * The name the migration's identity uses: the file name without folder or extension.
 *
 * @example
 * migrationName('migrations/create_posts_table.ts') // 'create_posts_table'
 */
export function migrationName(path: string): string {
  const file = basename(path.replaceAll('\\', '/'))
  return file.slice(0, file.length - extname(file).length)
}

/**
 * The `YYYY_MM_DD_HHMMSS` prefix that orders the app's migration files (`craft make:migration`
 * and publishing both use it), in UTC so that files made in different time zones still sort.
 *
 * @example
 * migrationTimestamp(new Date('2026-01-02T03:04:05Z')) // '2026_01_02_030405'
 */
export function migrationTimestamp(date: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getUTCFullYear()}_${two(date.getUTCMonth() + 1)}_${two(date.getUTCDate())}_${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`
}

/**
 * The file name a published copy gets in `databases/migrations/`: the timestamp, then the original
 * file name (its extension kept, so a package's `.js` migration stays JavaScript).
 *
 * @example
 * publishedMigrationFileName('migrations/create_posts_table.ts', new Date('2026-01-02T03:04:05Z'))
 * // '2026_01_02_030405_create_posts_table.ts'
 */
export function publishedMigrationFileName(originalPath: string, date: Date = new Date()): string {
  return `${migrationTimestamp(date)}_${migrationName(originalPath)}${extname(originalPath) || '.ts'}`
}

function headerLine(contents: string): string {
  const end = contents.indexOf('\n')
  return end === -1 ? contents : contents.slice(0, end)
}
