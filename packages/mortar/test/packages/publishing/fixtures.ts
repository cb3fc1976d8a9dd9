import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { withPublishedHeader } from '../../../src/database/migration_header.js'
import type { PublishableFile } from '../../../src/publishing/index.js'

/** Version 1 of a fake `blog` package: config, views (one with a space and unicode), assets, a migration. */
export const V1: Record<string, string | Uint8Array> = {
  'config/blog.ts': [
    '// Blog settings',
    'export default {',
    '  per_page: 10,',
    "  title: 'My blog',",
    '  comments: true,',
    '  feed: {',
    '    enabled: true,',
    '    items: 20,',
    '  },',
    "  theme: 'light',",
    '}',
    '',
  ].join('\n'),
  'templates/admin/index.edge': [
    '<main>',
    '  <h1>Posts</h1>',
    '  <ul>',
    '    @each(post in posts)',
    '      <li>{{ post.title }}</li>',
    '    @end',
    '  </ul>',
    '  <footer>blog admin</footer>',
    '</main>',
    '',
  ].join('\n'),
  'templates/posts/show.edge': '<article>\n  <h1>{{ post.title }}</h1>\n</article>\n',
  'templates/posts/ünïcode page.edge': '<p>café</p>\n',
  'assets/app.css': 'body { color: black; }\n',
  'assets/legacy.css': '.old { display: none; }\n',
  'assets/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff]),
  'migrations/create_posts_table.ts': [
    "import type { Kysely } from 'kysely'",
    'export async function up(db: Kysely<any>) {',
    "  await db.schema.createTable('posts').addColumn('id', 'integer', (c) => c.primaryKey()).execute()",
    '}',
    'export async function down(db: Kysely<any>) {',
    "  await db.schema.dropTable('posts').execute()",
    '}',
    '',
  ].join('\n'),
}

/** Version 2: the theme line, the admin heading and the stylesheet change; a view is added; legacy.css is gone. */
export const V2: Record<string, string | Uint8Array> = {
  ...Object.fromEntries(Object.entries(V1).filter(([path]) => path !== 'assets/legacy.css')),
  'config/blog.ts': (V1['config/blog.ts'] as string).replace("theme: 'light'", "theme: 'auto'"),
  'templates/admin/index.edge': (V1['templates/admin/index.edge'] as string).replace('<h1>Posts</h1>', '<h1>All posts</h1>'),
  'templates/posts/index.edge': '<section>posts</section>\n',
  'assets/app.css': 'body { color: #111; }\n',
}

/** Temp folders for one test file, with spaces and unicode in their paths; `cleanup` removes them. */
export function tempFolders() {
  const made: string[] = []
  return {
    async make(name: string): Promise<string> {
      const folder = await mkdtemp(join(tmpdir(), `mortar ${name} ü-`))
      made.push(folder)
      return folder
    },
    async cleanup(): Promise<void> {
      await Promise.all(made.map((folder) => rm(folder, { recursive: true, force: true })))
    },
  }
}

/** Writes `files` (relative path → contents) under `root`. */
export async function writeTree(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), contents)
  }
}

/** What the package system would compute for the `blog` package installed at `root`. */
export async function publishableFiles(root: string, version: string): Promise<PublishableFile[]> {
  const files: PublishableFile[] = []
  for (const sourcePath of await listFiles(root)) {
    const [folder, ...rest] = sourcePath.split('/')
    const inside = rest.join('/')
    const base = { package: 'blog', version, source: join(root, sourcePath), sourcePath }
    if (folder === 'config') files.push({ ...base, resource: 'config', destination: 'config/blog.ts' })
    if (folder === 'templates') files.push({ ...base, resource: 'views', destination: `templates/vendor/blog/${inside}` })
    if (folder === 'assets') files.push({ ...base, resource: 'assets', destination: `public/vendor/blog/${inside}` })
    if (folder === 'migrations') {
      files.push({
        ...base,
        resource: 'migrations',
        destination: `databases/migrations/{timestamp}_${inside}`,
        transform: (contents) => withPublishedHeader(contents, 'blog', sourcePath),
      })
    }
  }
  return files
}

/** A package folder holding `contents`, and its publishable files. */
export async function makePackage(
  temp: ReturnType<typeof tempFolders>,
  contents: Record<string, string | Uint8Array>,
  version: string,
): Promise<PublishableFile[]> {
  const root = await temp.make(`blog ${version}`)
  await writeTree(root, contents)
  return publishableFiles(root, version)
}

/** Every file and folder under `root` with its contents and mtime, to prove nothing was touched. */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      const info = await stat(path)
      const key = relative(root, path)
      if (entry.isDirectory()) {
        out[`${key}/`] = String(info.mtimeMs)
        await walk(path)
      } else {
        out[key] = `${info.mtimeMs} ${(await readFile(path)).toString('base64')}`
      }
    }
  }
  await walk(root)
  return out
}

/** Relative paths of every file under `root`, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(root, join(entry.parentPath ?? entry.path, entry.name))
        .split('\\')
        .join('/'),
    )
    .sort()
}

/** Reads a file of the app as text. */
export function read(root: string, path: string): Promise<string> {
  return readFile(join(root, path), 'utf8')
}

/** A results list as `destination → state`, for compact assertions. */
export function states(results: readonly { destination: string; state: string }[]): Record<string, string> {
  return Object.fromEntries(results.map((result) => [result.destination, result.state]))
}
