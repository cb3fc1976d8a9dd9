// Runs every test file of the repository in this one process (node:test registers the tests
// as the files are imported and runs them as one suite). A file set can be narrowed with
// arguments: `npm test -- database` runs the files whose path contains "database".
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// `npm test` hands its own configuration down as npm_* variables (npm_config_userconfig pointing
// at the user's ~/.npmrc among them). Tests run npm and scaffolds with configurations of their
// own; none may inherit these, or a test could write to the real user's files.
for (const key of Object.keys(process.env)) if (/^npm_/i.test(key)) delete process.env[key]

const root = fileURLToPath(new URL('..', import.meta.url))
const folders = ['packages/mortar/test', 'packages/create-mortar/test', 'packages/auth/tests', 'bench/test']
const filters = process.argv.slice(2)

function collect(folder: string): string[] {
  let entries: import('node:fs').Dirent[]
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'node_modules' ? [] : collect(path)
    return entry.name.endsWith('.test.ts') ? [path] : []
  })
}

const files = folders
  .flatMap((folder) => collect(join(root, folder)))
  .sort()
  .filter((file) => filters.length === 0 || filters.some((filter) => relative(root, file).includes(filter)))
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}`)
  process.exit(1)
}
for (const file of files) await import(pathToFileURL(file).href)
