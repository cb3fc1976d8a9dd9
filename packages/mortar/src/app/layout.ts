// No imports: create-mortar bundles this module into its own dist (see its build script).

/**
 * The folders of a Mortar application, relative to its root with `/` separators. Every module
 * that reads or writes one of them names it from here, so the layout is written down once.
 *
 * @example
 * join(app.root, APP_LAYOUT.templatesVendor, 'blog') // <app>/templates/vendor/blog
 */
export const APP_LAYOUT = {
  /** Config files, one per namespace; an app is a folder that has it. */
  config: 'config',
  /** Route files: `web.ts`, `api.ts`. */
  routes: 'routes',
  /** The app's `'Name@method'` route handlers. */
  controllers: 'app/controllers',
  /** The app's craft commands, one module per file. */
  commands: 'app/commands',
  /** Edge views, `view('posts.show')`. */
  templates: 'templates',
  /** The app's copies of package views, `templates/vendor/<name>/`, read before the package's own. */
  templatesVendor: 'templates/vendor',
  /** Files served as they are. */
  public: 'public',
  /** Published package assets, `public/vendor/<name>/`. */
  publicVendor: 'public/vendor',
  /** The app's migrations (and the packages' published ones). */
  migrations: 'databases/migrations',
  /** Messages, `<locale>/<file>.json`. */
  lang: 'lang',
  /** The app's overrides of package messages, `lang/vendor/<name>/<locale>/…`. */
  langVendor: 'lang/vendor',
  /** What the app writes at run time. */
  storage: 'storage',
  /** Mortar's caches: the package and command indexes, compiled TypeScript. */
  framework: 'storage/framework',
  /** The compile cache: each TypeScript module compiled to JavaScript. */
  compiled: 'storage/framework/compiled',
  /** Mortar's own state in the app: the publish ledger and bases, the lock, the journal, types. */
  mortar: '.mortar',
} as const

/** The names of the app's folders, e.g. `templatesVendor`. */
export type AppFolder = keyof typeof APP_LAYOUT
