// Type-only imports: create-mortar bundles the table (see kinds.ts) without Mortar's run time.
import type { MigrationSource } from '../database/sources.js'

/** How `configure()` declares a kind: one file, one folder, or a list of files. */
export type Declares = 'file' | 'folder' | 'files'

/** What a package declared of one kind, in one shape for every kind: absolute paths, and whether it publishes. */
export interface Declared {
  paths: string[]
  publish: boolean
}

/**
 * The parts of an application the table wires packages into, each the narrow interface it uses
 * (an `Application` is one).
 */
export interface ResourceTarget {
  readonly root: string
  readonly config: { defaults(namespace: string, values: Record<string, unknown>): void }
  readonly views: { namespace(name: string, path: string, overridePath: string): void }
  readonly migrationSources: { push(source: MigrationSource): unknown }
  readonly assets: { set(name: string, folder: string): unknown }
  readonly translator: { namespace(name: string, path: string, overridePath: string): void }
}

/**
 * The rules of one kind of resource a package can add to an app, the way a Kysely `Dialect` is
 * the rules of one database: every part of Mortar that handles resources (the provider, publishing,
 * wiring, `package:check`, `about`, `package:list`, the publish ledger, create-mortar) reads them
 * here. `Declaration` is the shape the kind has in a `PackageDefinition`.
 *
 * @example
 * const views = RESOURCE_KINDS.views
 * views.destination('blog', 'posts/show.edge') // 'templates/vendor/blog/posts/show.edge'
 */
export interface ResourceKindRules<Declaration> {
  /** The kind's name: in `--only`, the ledger's `resource`, `.install({ publish })`, `craft about`. */
  readonly name: string
  /** What it holds, shown after the name by create-mortar: `views (Edge templates)`. */
  readonly description: string
  /** How `configure()` declares it. */
  readonly declares: Declares
  /** The folder a package keeps it in by convention (create-mortar's package template). */
  readonly packageFolder: string
  /** The app folder publishing writes it to, relative to the app root. */
  readonly appFolder: string
  /**
   * True when the files go below `<appFolder>/<name>/`, which publishing creates, searches to any
   * depth and removes once empty, and where the app's copies win over the package's.
   */
  readonly vendor: boolean
  /** True when the app imports its files as modules: `package:check` follows their imports. */
  readonly modules: boolean
  /** The declaration after a `configure()` call, from its checked paths, its options and any earlier call. */
  declare(paths: string[], options: { publish?: boolean }, earlier: Declaration | undefined): Declaration
  /** A declaration in the common shape; `undefined` when the package declares none. */
  read(declaration: Declaration | undefined): Declared | undefined
  /** Where a file publishes to: `path` is relative to the declared folder, or the file's name. */
  destination(name: string, path: string): string
  /** Applied to a published file's text (`sourcePath` is relative to the package root). */
  transform?(name: string, sourcePath: string): (text: string) => string
  /** Puts the declared resource in place in the app, before providers register. */
  wire(
    app: ResourceTarget,
    name: string,
    declared: Declared,
    load: (file: string) => Promise<Record<string, unknown>>,
  ): void | Promise<void>
}
