import { existsSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { TrieRouter } from 'hono/router/trie-router'
import type { Application } from '../app/application.js'
import { APP_LAYOUT } from '../app/layout.js'
import { loadConfigFile } from '../config/loader.js'
import { isPlainObject } from '../config/merge.js'
import type { MortarError } from '../errors.js'
import { describeHandler } from '../http/route.js'
import type { CompiledRoute } from '../http/route_table.js'
import { type FileState, publishableFiles, status } from '../publishing/index.js'
import { readJson } from '../support/json_file.js'
import { packageErrors } from './errors.js'
import type { LoadedPackage } from './package_registry.js'

/** What `package:why` can explain. */
export type WhyKind = 'view' | 'config' | 'asset' | 'route' | 'translation'

/** One place a thing can come from. */
export interface WhyCandidate {
  /** Who it belongs to: the app's own file, a copy the app published, or the package's original. */
  owner: 'app' | 'published' | 'package'
  /** Where it is: a path relative to the app (or the package's path), or a route's file. */
  location: string
  exists: boolean
  inEffect: boolean
  /** A config value, or a route's description. */
  detail?: unknown
}

/** The answer for one thing: every candidate, which wins, and how the app's copy stands. */
export interface WhyAnswer {
  kind: WhyKind
  subject: string
  package?: string
  candidates: WhyCandidate[]
  /** The published copy against the ledger and the installed package (see `package:status`). */
  published?: { destination: string; state: FileState; publishedVersion?: string; installedVersion?: string }
}

/**
 * Explains which copy of a view, config key, asset URL or route is in effect, where the others
 * are, and whether the app's published copy is behind the installed package.
 *
 * @example
 * await explain(app, 'blog:posts.show')   // a view
 * await explain(app, 'blog.per_page')     // a config key
 * await explain(app, '/vendor/blog/blog.css')
 * await explain(app, 'GET /blog')
 */
export async function explain(app: Application, thing: string, kind?: WhyKind, locale?: string): Promise<WhyAnswer> {
  let answer = await explainKind(app, thing, kind ?? guessKind(app, thing), locale)
  // `blog:posts.title` names a view or a message: when no view has that name, a message may.
  const exists = (found: WhyAnswer) => found.candidates.some((candidate) => candidate.exists)
  if (!kind && answer.kind === 'view' && !exists(answer) && /^[^:]+:[^.]+\.[^.]/.test(thing)) {
    const message = await explainKind(app, thing, 'translation', locale)
    if (exists(message)) answer = message
  }
  if (!answer.candidates.some((candidate) => candidate.exists)) {
    throw unknown(
      `Nothing provides the ${answer.kind} "${thing}" (looked in ${answer.candidates.map((c) => c.location).join(' and ')})`,
      [],
    )
  }
  return answer
}

async function explainKind(app: Application, thing: string, kind: WhyKind, locale?: string): Promise<WhyAnswer> {
  switch (kind) {
    case 'translation':
      return explainTranslation(app, thing, locale ?? app.translator.options.locale)
    case 'route':
      return explainRoute(app, thing)
    case 'asset':
      return explainAsset(app, thing)
    case 'config':
      return explainConfig(app, thing)
    default:
      return explainView(app, thing)
  }
}

function guessKind(app: Application, thing: string): WhyKind {
  if (/^[A-Za-z]+\s+\//.test(thing)) return 'route'
  if (thing.startsWith('/')) return 'asset'
  if (thing.includes(':') || thing.includes('/')) return 'view'
  const namespace = thing.split('.')[0] as string
  return thing.includes('.') && app.config.has(namespace) ? 'config' : 'view'
}

async function explainView(app: Application, name: string): Promise<WhyAnswer> {
  const match = /^([a-z0-9_-]+)::?(.+)$/.exec(name)
  const file = `${(match ? (match[2] as string) : name).replace(/\.edge$/, '').replaceAll('.', '/')}.edge`
  if (!match) {
    const path = join(app.templatesPath, file)
    return { kind: 'view', subject: name, candidates: [candidate(app, 'app', path, true)] }
  }
  const packageName = match[1] as string
  const namespace = app.views.namespaces().find((candidate) => candidate.name === packageName)
  if (!namespace)
    throw unknown(
      `No package registered the view namespace "${packageName}"`,
      app.views.namespaces().map((n) => `${n.name}:…`),
    )
  const destination = `templates/vendor/${packageName}/${file}`
  return withPublished(app, packageName, destination, {
    kind: 'view',
    subject: name,
    package: packageName,
    candidates: firstWins([
      candidate(app, 'published', join(app.root, destination)),
      candidate(app, 'package', join(namespace.path, file)),
    ]),
  })
}

async function explainAsset(app: Application, url: string): Promise<WhyAnswer> {
  const path = decodeURIComponent(url.split(/[?#]/)[0] as string).replace(/^\/+/, '')
  const inPublic = candidate(app, 'app', join(app.publicPath, path))
  const vendor = /^vendor\/([^/]+)\/(.+)$/.exec(path)
  const folder = vendor && app.assets.get(vendor[1] as string)
  if (!vendor || !folder) return { kind: 'asset', subject: url, candidates: firstWins([inPublic]) }
  const packageName = vendor[1] as string
  inPublic.owner = 'published'
  return withPublished(app, packageName, `public/${path}`, {
    kind: 'asset',
    subject: url,
    package: packageName,
    candidates: firstWins([inPublic, candidate(app, 'package', join(folder, vendor[2] as string))]),
  })
}

async function explainConfig(app: Application, key: string): Promise<WhyAnswer> {
  const [namespace = '', ...rest] = key.split('.')
  const loaded = app.packages.get(namespace)
  const appFile = ['ts', 'js', 'mjs', 'mts'].map((ext) => `config/${namespace}.${ext}`).find((file) => existsSync(join(app.root, file)))
  const candidates: WhyCandidate[] = []
  if (appFile) {
    const values = await loadConfigFile(join(app.root, appFile), app.importer, appFile)
    const found = dig(values, rest)
    candidates.push({
      owner: loaded ? 'published' : 'app',
      location: `${appFile} → ${rest.join('.') || '(whole file)'}`,
      exists: found.has,
      inEffect: false,
      detail: found.value,
    })
  }
  if (loaded?.definition.config) {
    const file = loaded.definition.config.file
    const found = dig(await loadConfigFile(file, app.importer, file), rest)
    candidates.push({
      owner: 'package',
      location: `${packagePath(app, loaded, file)} → ${rest.join('.') || '(whole file)'}`,
      exists: found.has,
      inEffect: false,
      detail: found.value,
    })
  }
  if (!candidates.some((candidate) => candidate.exists) && !app.config.has(key)) {
    throw unknown(
      `No config key "${key}"`,
      Object.keys(app.config.all()).map((name) => `${name}.…`),
    )
  }
  firstWins(candidates)
  const answer: WhyAnswer = { kind: 'config', subject: key, package: loaded?.name, candidates }
  return loaded && appFile ? withPublished(app, loaded.name, appFile, answer) : answer
}

function explainTranslation(app: Application, key: string, locale: string): Promise<WhyAnswer> | WhyAnswer {
  const match = /^(?:([a-z0-9_-]+):)?([^.]+)\.(.+)$/.exec(key)
  if (!match) throw unknown(`"${key}" is not a translation key (file.key, or package:file.key)`, [])
  const [, name, file = '', path = ''] = match
  const loaded = name ? app.packages.get(name) : undefined
  const candidates: WhyCandidate[] = []
  const locales = [...new Set([locale, app.translator.options.fallbackLocale])]
  for (const each of locales) {
    const relativeFile = `${each}/${file}.json`
    const folders: [WhyCandidate['owner'], string][] = name
      ? [
          ['published', join(app.root, APP_LAYOUT.langVendor, name)],
          ...(loaded?.definition.translations ? [['package', loaded.definition.translations.path] as [WhyCandidate['owner'], string]] : []),
        ]
      : [['app', join(app.root, APP_LAYOUT.lang)]]
    for (const [owner, folder] of folders) {
      const messages = readJson<unknown>(join(folder, relativeFile))
      // A key is looked up as written first ("a.b" at the top), then through nested objects.
      const direct = dig(messages, [path])
      const found = direct.has ? direct : dig(messages, path.split('.'))
      const location = `${displayPath(app, join(folder, relativeFile))} → ${path}`
      candidates.push({ owner, location, exists: found.has && typeof found.value === 'string', inEffect: false, detail: found.value })
    }
  }
  firstWins(candidates)
  const answer: WhyAnswer = { kind: 'translation', subject: `${key} (${locale})`, package: name, candidates }
  return name ? withPublished(app, name, `lang/vendor/${name}/${locale}/${file}.json`, answer) : answer
}

function explainRoute(app: Application, thing: string): WhyAnswer {
  const [method = '', ...pathParts] = thing.trim().split(/\s+/)
  const path = pathParts.join(' ').split(/[?#]/)[0] as string
  const router = new TrieRouter<CompiledRoute>()
  for (const route of app.routes.all()) for (const routeMethod of route.methods) router.add(routeMethod, route.path, route)
  const [matches] = router.match(method.toUpperCase(), path) as [[CompiledRoute, unknown][], unknown]
  const routes = [...new Set(matches.map(([route]) => route))]
  if (routes.length === 0) throw unknown(`No route answers ${method.toUpperCase()} ${path}`, ['craft routes:list shows every route'])
  return {
    kind: 'route',
    subject: `${method.toUpperCase()} ${path}`,
    package: routes[0]?.owner === 'app' ? undefined : routes[0]?.owner,
    candidates: routes.map((route, index) => ({
      owner: route.owner === 'app' ? 'app' : 'package',
      location: route.file ?? (route.owner === 'app' ? 'routes/' : `package "${route.owner}"`),
      exists: true,
      inEffect: index === 0,
      detail: { path: route.path, name: route.name ?? null, handler: describeHandler(route.handler), source: route.owner },
    })),
  }
}

function candidate(app: Application, owner: WhyCandidate['owner'], path: string, inEffect = false): WhyCandidate {
  const exists = existsSync(path)
  return { owner, location: displayPath(app, path), exists, inEffect: inEffect && exists }
}

/** Marks the first candidate that exists as the one in effect. */
function firstWins(candidates: WhyCandidate[]): WhyCandidate[] {
  const winner = candidates.find((candidate) => candidate.exists)
  if (winner) winner.inEffect = true
  return candidates
}

/** Adds how the app's published copy at `destination` stands, when the ledger knows it. */
async function withPublished(app: Application, packageName: string, destination: string, answer: WhyAnswer): Promise<WhyAnswer> {
  const loaded = app.packages.get(packageName)
  if (!loaded) return answer
  const report = await status(app.root, publishableFiles(loaded), { packages: [packageName] })
  const file = report.files.find((candidate) => candidate.destination === destination)
  if (file) {
    answer.published = { destination, state: file.state, publishedVersion: file.publishedVersion, installedVersion: file.installedVersion }
  }
  return answer
}

function dig(values: unknown, path: string[]): { has: boolean; value?: unknown } {
  let current = values
  for (const part of path) {
    if (!isPlainObject(current) || !(part in current)) return { has: false }
    current = current[part]
  }
  return { has: true, value: current }
}

function displayPath(app: Application, path: string): string {
  const inside = relative(app.root, path)
  return (inside.startsWith('..') ? path : inside).split(sep).join('/')
}

function packagePath(app: Application, loaded: LoadedPackage, file: string): string {
  return displayPath(app, file) || relative(loaded.definition.root, file)
}

function unknown(message: string, known: string[]): MortarError {
  return packageErrors.E_WHY_UNKNOWN(message, {
    hint: `Ask about a view (blog:posts.show), a config key (blog.per_page), an asset URL (/vendor/blog/blog.css), a route ('GET /blog') or a translation (blog:posts.title)${known.length ? `. Known: ${known.slice(0, 10).join(', ')}` : ''}.`,
  })
}
