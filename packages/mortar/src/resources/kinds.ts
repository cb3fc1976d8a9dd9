// Dependency-free but for Node's own modules and migration_header.ts (likewise): create-mortar
// bundles this table into its dist without Mortar's run time (see its build script).
import { extname, join } from 'node:path'
import { APP_LAYOUT } from '../app/layout.js'
import { withPublishedHeader } from '../database/migration_header.js'
import type { Declared, ResourceKindRules } from './kind.js'

type Single<Key extends string> = { [key in Key]: string } & { publish: boolean }

/** A kind declared as one file or one folder (`.views('templates', { publish: true })`), published by default. */
function single<Key extends 'file' | 'path'>(key: Key) {
  return {
    declare: (paths: string[], options: { publish?: boolean }) => ({ [key]: paths[0], publish: options.publish ?? true }) as Single<Key>,
    read: (declaration: Single<Key> | undefined): Declared | undefined =>
      declaration && { paths: [declaration[key]], publish: declaration.publish },
  }
}

/** A kind published into `<folder>/<name>/…`, where the app's copies win over the package's. */
function vendored(folder: string) {
  return {
    appFolder: folder,
    vendor: true,
    destination: (name: string, path: string) => `${folder}/${name}/${path}`,
    overrides: (root: string, name: string) => join(root, folder, name),
  }
}

const config: ResourceKindRules<Single<'file'>> = {
  name: 'config',
  description: 'defaults',
  declares: 'file',
  packageFolder: 'config',
  appFolder: APP_LAYOUT.config,
  vendor: false,
  modules: true,
  ...single('file'),
  destination: (name, path) => `${APP_LAYOUT.config}/${name}${extname(path)}`,
  wire: async (app, name, declared, load) => app.config.defaults(name, await load(declared.paths[0] as string)),
}

const views: ResourceKindRules<Single<'path'>> & ReturnType<typeof vendored> = {
  name: 'views',
  description: 'Edge templates',
  declares: 'folder',
  packageFolder: 'templates',
  modules: false,
  ...single('path'),
  ...vendored(APP_LAYOUT.templatesVendor),
  wire: (app, name, declared) => app.views.namespace(name, declared.paths[0] as string, views.overrides(app.root, name)),
}

const migrations: ResourceKindRules<string[]> = {
  name: 'migrations',
  description: 'tables',
  declares: 'files',
  packageFolder: 'migrations',
  appFolder: APP_LAYOUT.migrations,
  vendor: false,
  modules: true,
  // Always published (`craft migrate` runs the package's own files until then).
  declare: (paths, _options, earlier = []) => [...earlier, ...paths],
  read: (files) => (files?.length ? { paths: files, publish: true } : undefined),
  destination: (_name, path) => `${APP_LAYOUT.migrations}/{timestamp}_${path}`,
  transform: (name, sourcePath) => (text) => withPublishedHeader(text, name, sourcePath),
  wire: (app, name, declared) => {
    app.migrationSources.push({ name, files: declared.paths })
  },
}

const assets: ResourceKindRules<Single<'path'>> & ReturnType<typeof vendored> = {
  name: 'assets',
  description: 'CSS, images',
  declares: 'folder',
  packageFolder: 'assets',
  modules: false,
  ...single('path'),
  ...vendored(APP_LAYOUT.publicVendor),
  wire: (app, name, declared) => {
    app.assets.set(name, declared.paths[0] as string)
  },
}

const translations: ResourceKindRules<Single<'path'>> & ReturnType<typeof vendored> = {
  name: 'translations',
  description: 'messages, <locale>/<file>.json',
  declares: 'folder',
  packageFolder: 'lang',
  modules: false,
  ...single('path'),
  ...vendored(APP_LAYOUT.langVendor),
  wire: (app, name, declared) => app.translator.namespace(name, declared.paths[0] as string, translations.overrides(app.root, name)),
}

/**
 * Every kind of resource a package can declare and publish, one entry each: adding a kind is one
 * entry here, its provider method (`PackageProvider`) and its `PackageDefinition` field follow
 * from it. Entries are listed in the order commands list kinds.
 */
export const RESOURCE_KINDS = { config, views, migrations, assets, translations }

/** The name of a resource kind: `config`, `views`, `migrations`, `assets` or `translations`. */
export type ResourceKindName = keyof typeof RESOURCE_KINDS

/** The kinds' names, in table order. */
export const RESOURCE_KIND_NAMES = Object.keys(RESOURCE_KINDS) as ResourceKindName[]

/** The shape kind `K` has in a `PackageDefinition`. */
export type DeclarationOf<K extends ResourceKindName> = (typeof RESOURCE_KINDS)[K] extends ResourceKindRules<infer D> ? D : never

/**
 * What `configure()` declared of each kind: a kind declared as a list of files is always there
 * (maybe empty), the others only when declared.
 */
export type KindDeclarations = {
  [K in ResourceKindName as DeclarationOf<K> extends unknown[] ? K : never]: DeclarationOf<K>
} & {
  [K in ResourceKindName as DeclarationOf<K> extends unknown[] ? never : K]?: DeclarationOf<K>
}

/** The rules of one kind, typed for any kind. */
export function kindRules(kind: ResourceKindName): ResourceKindRules<unknown> {
  return RESOURCE_KINDS[kind] as ResourceKindRules<unknown>
}

/** What `definition` declares of `kind`, in the common shape; `undefined` when nothing. */
export function declaredOf(definition: KindDeclarations, kind: ResourceKindName): Declared | undefined {
  return kindRules(kind).read((definition as Record<string, unknown>)[kind])
}

/** The app folders publishing writes to, each with whether it is searched below its first level. */
export function publishedFolders(): { path: string; deep: boolean }[] {
  return Object.values(RESOURCE_KINDS).map((rules) => ({ path: rules.appFolder, deep: rules.vendor }))
}

/** True for a folder (relative, `/`-separated) below a kind's `vendor` folder: publishing made it. */
export function isBelowVendorFolder(folder: string): boolean {
  return Object.values(RESOURCE_KINDS).some((rules) => rules.vendor && folder.startsWith(`${rules.appFolder}/`))
}
