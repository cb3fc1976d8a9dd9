import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PACKAGE_NAME_PATTERN, RESERVED_NAMES, RESOURCE_KIND_NAMES, RESOURCE_KINDS, type ResourceKindName } from './mortar_rules.js'
import { npmName, npmNameProblem, titleCase } from './names.js'
import type { Asker } from './prompts.js'
import { ALLOW_SCRIPTS, sqliteDependencies } from './sqlite_driver.js'
import { copyTemplate } from './template.js'

// templates/package holds the package as written with every resource. Its text files are rendered
// by render(): `{{#if views}}` blocks keep the chosen resources' parts, `__name__`-style
// placeholders take the answers (in file names too). Files whose template syntax the workspace's
// own tools would misread (TypeScript with blocks, Markdown with placeholders) end in `.tpl`,
// which is dropped when writing.
const TEMPLATE = fileURLToPath(new URL('../templates/package/', import.meta.url))
const APP_TEMPLATE = fileURLToPath(new URL('../templates/app/', import.meta.url))

/**
 * What a package can add to an application; `--resources` picks among them (default: all). The
 * template has a working example of each: the resource kinds of Mortar's `RESOURCE_KINDS` it has
 * one for, routes (with controllers) and commands.
 */
export const RESOURCES = ['config', 'views', 'migrations', 'routes', 'assets', 'commands'] as const
export type Resource = (typeof RESOURCES)[number]

/** The resources that are Mortar resource kinds, whose rules (folder, description) Mortar's table gives. */
function isKind(resource: Resource): resource is Resource & ResourceKindName {
  return (RESOURCE_KIND_NAMES as readonly string[]).includes(resource)
}

/** The other resources' labels and folders in the package. */
const OTHERS = {
  routes: { label: 'routes and controllers (a page, a JSON API)', folders: ['routes', 'controllers'] },
  commands: { label: 'commands (craft)', folders: ['src/commands'] },
} as const

function resourceLabel(resource: Resource): string {
  return isKind(resource) ? `${resource} (${RESOURCE_KINDS[resource].description})` : OTHERS[resource].label
}

/** The package's folders that hold a resource (the kinds' `packageFolder`), as the package template lays them out. */
function resourceFolders(resource: Resource): readonly string[] {
  return isKind(resource) ? [RESOURCE_KINDS[resource].packageFolder] : OTHERS[resource].folders
}

/** Template files that exist only with a resource, by their first folders. */
const RESOURCE_FOLDERS: [prefix: string, resource: Resource][] = RESOURCES.flatMap((resource) =>
  resourceFolders(resource).map((folder): [string, Resource] => [`${folder}/`, resource]),
)

/** Template files stored under another name: npm drops `.gitignore`, and Biome would read `biome.json` as the workspace's. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore', '_biome.json': 'biome.json' }

/** The versions of the tools a package develops with (those this workspace is tested with). */
const DEV_DEPENDENCIES = { '@biomejs/biome': '^2.6.8', '@types/node': '^20.19.0', typescript: '~5.9.3' }
/** Only for the `import type { Kysely }` of migrations: mortar brings its own copy at run time. */
const KYSELY = '~0.28.18'

const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'UNLICENSED'] as const

/** The package template's own flags (node:util parseArgs options), beside the shared --name and --description. */
export const PACKAGE_FLAGS = {
  'package-name': { type: 'string' },
  author: { type: 'string' },
  license: { type: 'string' },
  resources: { type: 'string' },
} as const

/** The answers that shape a new package; each has a flag. */
export interface PackageAnswers {
  /** The package.json name, e.g. `mortar-blog` or `@acme/mortar-blog`. */
  npmName: string
  /** How applications refer to it: `config('blog.x')`, `view('blog:x')`, `/vendor/blog/`. */
  packageName: string
  description: string
  author: string
  /** An SPDX identifier; `UNLICENSED` for a private package. */
  license: string
  resources: Resource[]
}

/**
 * Asks (or takes from flags, or defaults) what the package template needs. A bad package name or
 * resource list is an error naming the valid choices; nothing has been written yet.
 */
export async function askPackage(target: string, flags: Record<string, unknown>, asker: Asker): Promise<PackageAnswers> {
  const name =
    (flags.name as string | undefined) ?? (await asker.text('npm name of the package', npmName(basename(target)), npmNameProblem))
  const packageName =
    (flags['package-name'] as string | undefined) ??
    (await asker.text("Package name (config('<name>.key'), view('<name>:page'))", defaultPackageName(name), packageNameProblem))
  const problem = packageNameProblem(packageName)
  if (problem) throw new Error(problem)
  const title = titleCase(packageName)
  const description = (flags.description as string | undefined) ?? (await asker.text('Description', `${title} for Mortar applications`))
  const author = (flags.author as string | undefined) ?? (await asker.text('Author', gitUserName()))
  const license =
    (flags.license as string | undefined) ??
    (await asker.select(
      'Licence',
      LICENSES.map((id) => ({ value: id, label: id })),
      'MIT',
    ))
  const resources =
    flags.resources !== undefined
      ? parseResources(String(flags.resources))
      : await asker.multiselect(
          'Which resources should it include? (each comes with a working example)',
          RESOURCES.map((value) => ({ value, label: resourceLabel(value) })),
          [...RESOURCES],
        )
  return { npmName: name, packageName, description, author, license, resources: RESOURCES.filter((r) => resources.includes(r)) }
}

/**
 * Writes the package into `target` (which must be empty): the package template with a working
 * example of each chosen resource, its package.json and LICENSE, and the test application in
 * tests/integrations (the app template, depending on the package through `file:../..`).
 * Returns the relative paths written.
 */
export function writePackage(target: string, answers: PackageAnswers, mortar: string): string[] {
  const tokens = templateTokens(answers)
  const chosen = new Set<string>(answers.resources)
  const written: string[] = []
  const write = (path: string, contents: string) => {
    mkdirSync(dirname(join(target, path)), { recursive: true })
    writeFileSync(join(target, path), contents)
    written.push(path)
  }

  // The test application first: the package template then puts its own README over the app's.
  const app = join('tests', 'integrations')
  const unscoped = answers.npmName.replace(/^@[^/]+\//, '')
  const appFiles = copyTemplate(
    APP_TEMPLATE,
    join(target, app),
    {
      name: `${unscoped}-integrations`,
      description: `The test application of ${answers.npmName}`.replaceAll('"', '\\"'),
      title: `${titleCase(answers.packageName)} test app`,
      dbName: `${tokens.snake}_integrations`,
      mortar,
    },
    (path) => path === 'tests',
  )
  written.push(...appFiles.map((path) => join(app, path)))
  const appManifest = JSON.parse(readFileSync(join(target, app, 'package.json'), 'utf8'))
  appManifest.dependencies = sortKeys({ ...appManifest.dependencies, ...sqliteDependencies(mortar), [answers.npmName]: 'file:../..' })
  writeFileSync(join(target, app, 'package.json'), `${JSON.stringify(appManifest, null, 2)}\n`)

  for (const file of templateFiles(TEMPLATE)) {
    const gate = RESOURCE_FOLDERS.find(([prefix]) => file.startsWith(prefix))
    if (gate && !chosen.has(gate[1])) continue
    const out = file
      .split('/')
      .map((part) => RENAMES[part] ?? part)
      .join('/')
      .replace(/\.tpl$/, '')
      .replace(/__([A-Za-z]+)__/g, (whole, key: string) => tokens[key] ?? whole)
    write(out, render(readFileSync(join(TEMPLATE, file), 'utf8'), tokens, chosen, file))
  }
  write('package.json', `${JSON.stringify(packageManifest(answers, mortar), null, 2)}\n`)
  write('LICENSE', licenseText(answers))

  // The app reads the package's settings from its own .env: list them in the test app's example.
  appendFileSync(join(target, app, '.env.example'), `\n${readFileSync(join(target, '.env.example'), 'utf8')}`)
  return written
}

/** The package.json of a new package: the mortar field, exports, files and scripts for each Makefile target. */
function packageManifest(answers: PackageAnswers, mortar: string) {
  const has = (resource: Resource) => answers.resources.includes(resource)
  // Commands are compiled into dist; the other resources' folders ship as they are.
  const shipped = (resource: Resource) => resourceFolders(resource).map((folder): [string, boolean] => [folder, has(resource)])
  const folders: [string, boolean][] = [
    ['dist', true],
    ...(['config', 'routes', 'views', 'migrations', 'assets'] as const).flatMap(shipped),
    ['README.md', true],
    ['CHANGELOG.md', true],
    ['LICENSE', true],
  ]
  return {
    name: answers.npmName,
    version: '0.1.0',
    description: answers.description,
    keywords: [...new Set(['mortar', 'mortar-package', answers.packageName])],
    author: answers.author,
    license: answers.license,
    type: 'module',
    engines: { node: '^20.19.0 || ^22.16.0 || ^24.0.0 || >=26.0.0' },
    exports: {
      '.': { types: './dist/provider.d.ts', default: './dist/provider.js' },
      './package.json': './package.json',
    },
    files: folders.filter(([, included]) => included).map(([path]) => path),
    mortar: { provider: './dist/provider.js', source: './src/provider.ts' },
    scripts: {
      help: 'npm run',
      init: 'node scripts/init.mjs',
      test: 'craft test tests/unit tests/feature',
      ci: 'npm run lint && npm run typecheck && npm test',
      lint: 'biome check .',
      format: 'biome check --write .',
      typecheck: 'tsc -p tsconfig.json',
      coverage: 'node --import mortar/register --experimental-test-coverage --test tests/unit/*.test.ts tests/feature/*.test.ts',
      serve: 'cd tests/integrations && npx craft serve',
      build: 'tsc -p tsconfig.build.json',
      check: 'craft package:check',
      release: 'npm run build && craft package:check && npm publish',
      npmrc: 'node scripts/npmrc.mjs',
    },
    ...(answers.npmName.startsWith('@') ? { publishConfig: { access: 'public' } } : {}),
    peerDependencies: { mortar: peerRange(mortar) },
    devDependencies: sortKeys({
      ...DEV_DEPENDENCIES,
      ...sqliteDependencies(mortar),
      mortar,
      ...(has('migrations') ? { kysely: KYSELY } : {}),
    }),
    allowScripts: ALLOW_SCRIPTS,
  }
}

/**
 * The `mortar` range a package accepts: the app's own mortar satisfies it, so installing the
 * package never brings a second one. A local folder or tarball gives `>=` its version.
 */
function peerRange(spec: string): string {
  if (spec.startsWith('file:')) {
    const path = spec.slice('file:'.length)
    const version = path.endsWith('.tgz') ? /-(\d+\.\d+\.\d+[^/]*)\.tgz$/.exec(path)?.[1] : readVersion(join(path, 'package.json'))
    return version ? `>=${version}` : '*'
  }
  return /^\d+\.\d+\.\d+/.test(spec) ? `^${spec}` : spec
}

function readVersion(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version
  } catch {
    return undefined
  }
}

/** The values of the `__key__` placeholders, in file contents and file names. */
function templateTokens(answers: PackageAnswers): Record<string, string> {
  const words = answers.packageName.split(/[-_]+/).filter(Boolean)
  const snake = words.join('_')
  return {
    name: answers.packageName,
    Name: words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(''),
    snake,
    SNAKE: snake.toUpperCase(),
    title: titleCase(answers.packageName),
    npmName: answers.npmName,
    description: answers.description,
    author: answers.author,
    license: answers.license,
    publishable: answers.resources.filter(isKind).join(','),
  }
}

const TAG = /\{\{(?:#(if|unless) ([a-z|]+)|(else)|\/(if|unless))\}\}/g
const STANDALONE_TAG = /^[ \t]*(\{\{(?:#(?:if|unless) [a-z|]+|else|\/(?:if|unless))\}\})[ \t]*\r?\n/gm

/**
 * Renders a template file: `{{#if views}}…{{else}}…{{/if}}` (also `{{#unless …}}`, and `a|b` for
 * either) keeps the parts for the chosen resources, then `__key__` placeholders are filled. A tag
 * alone on its line takes the line with it. Edge's own `{{ value }}` is left alone.
 */
export function render(text: string, tokens: Record<string, string>, chosen: Set<string>, file = 'template'): string {
  const compact = text.replace(STANDALONE_TAG, '$1')
  const open: { parentShows: boolean; holds: boolean; tag: string }[] = []
  let shows = true
  let output = ''
  let from = 0
  for (const match of compact.matchAll(TAG)) {
    if (shows) output += compact.slice(from, match.index)
    from = match.index + match[0].length
    const [, opening, condition, isElse, closing] = match
    if (opening && condition) {
      const any = condition.split('|').some((resource) => chosen.has(resource))
      const holds = opening === 'if' ? any : !any
      open.push({ parentShows: shows, holds, tag: opening })
      shows = shows && holds
      continue
    }
    const block = open.at(-1)
    if (!block || (closing && closing !== block.tag)) throw new Error(`${file}: unmatched ${match[0]}`)
    if (isElse) shows = block.parentShows && !block.holds
    else {
      open.pop()
      shows = block.parentShows
    }
  }
  if (open.length > 0) throw new Error(`${file}: {{#${open.at(-1)?.tag}}} is never closed`)
  if (shows) output += compact.slice(from)
  return output.replace(/__([A-Za-z]+)__/g, (whole, key: string) => tokens[key] ?? whole)
}

/** Every file of a template folder, as `/`-separated relative paths. */
function templateFiles(root: string, folder = root): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry)
      if (entry === 'node_modules') return []
      return statSync(path).isDirectory() ? templateFiles(root, path) : [relative(root, path).split(sep).join('/')]
    })
}

/** `mortar-blog` → `blog`; falls back to the npm name (unscoped) when the short form is reserved or invalid. */
function defaultPackageName(name: string): string {
  const unscoped = name.replace(/^@[^/]+\//, '')
  const short = unscoped
    .replace(/^mortar[-_.]|[-_.]mortar$/g, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
  if (!packageNameProblem(short)) return short
  return unscoped.replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '') || 'package-name'
}

/** Why a Mortar package name would be refused, or undefined when it is fine. */
function packageNameProblem(name: string): string | undefined {
  if (!PACKAGE_NAME_PATTERN.test(name)) {
    return `Package name "${name}" is invalid: use lower-case letters, digits, - and _, starting with a letter or digit (--package-name blog)`
  }
  if (RESERVED_NAMES.has(name)) return `Package name "${name}" is reserved by Mortar: choose another with --package-name`
  return undefined
}

/** `--resources config,views` (also `all`, `none`, and `controllers` for routes). */
function parseResources(list: string): Resource[] {
  const names = list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
  if (names.includes('all')) return [...RESOURCES]
  const unknown = names.filter((name) => name !== 'none' && name !== 'controllers' && !(RESOURCES as readonly string[]).includes(name))
  if (unknown.length > 0) {
    throw new Error(`Unknown resource "${unknown[0]}" in --resources: choose from ${RESOURCES.join(', ')} (or all, none)`)
  }
  return RESOURCES.filter((resource) => names.includes(resource) || (resource === 'routes' && names.includes('controllers')))
}

function gitUserName(): string {
  try {
    return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return ''
  }
}

function licenseText(answers: PackageAnswers): string {
  const year = new Date().getFullYear()
  const holder = answers.author || `The ${answers.npmName} authors`
  if (answers.license === 'MIT') {
    return `MIT License

Copyright (c) ${year} ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`
  }
  if (answers.license === 'UNLICENSED') return `Copyright (c) ${year} ${holder}. All rights reserved.\n`
  return `Copyright (c) ${year} ${holder}

Licensed under ${answers.license} (SPDX identifier). Replace this file with the full text of that
licence before the first release.
`
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}
