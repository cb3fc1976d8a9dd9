import type { Kysely } from 'kysely'
import type { TranslationParams } from '../i18n/translator.js'
import type { Application } from './application.js'
import { currentApp } from './current.js'
import type { ConfigKey, ConfigValue, RouteName, TranslationKey, ViewName } from './typed_names.js'

/**
 * A configuration value by dotted key, from the app's `config/*.ts` merged over package defaults.
 *
 * @example
 * const perPage = config('blog.per_page', 10)
 */
export function config<T = unknown, Key extends ConfigKey = ConfigKey>(key: Key, fallback?: T): ConfigValue<Key, T> {
  return currentApp().config.get(key, fallback) as ConfigValue<Key, T>
}

/**
 * Renders a view to HTML: `view('welcome')` from the app's templates/, `view('blog:posts.show')`
 * from the blog package (or the app's override in templates/vendor/blog/).
 */
export function view(name: ViewName, data: Record<string, unknown> = {}): Promise<string> {
  return currentApp().views.render(name, data)
}

/**
 * A translated message: `t('posts.title')` from the app's `lang/<locale>/posts.json`,
 * `t('blog:posts.count', { count: 3 })` from the blog package (or the app's override in
 * `lang/vendor/blog/`). ICU MessageFormat: plurals, selects, numbers and dates. Without a
 * `locale` it uses the app's default; in a handler, `ctx.t()` uses the request's locale.
 */
export function t(key: TranslationKey, params?: TranslationParams, locale?: string): string {
  return currentApp().translator.t(key, params, locale)
}

/** The URL path of a named route: `route('posts.show', { id: 1 })` → `/posts/1`. */
export function route(name: RouteName, params?: Record<string, string | number>): string {
  return currentApp().routes.url(name, params)
}

/**
 * The application's Kysely instance (SQLite in storage/ by default, PostgreSQL with
 * DATABASE_URL). Declare your tables for types: `db<Database>()`.
 */
export function db<T = any>(): Kysely<T> {
  return currentApp().database.kysely as Kysely<T>
}

/** The current application. */
export function app(): Application {
  return currentApp()
}
