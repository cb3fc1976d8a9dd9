import type { Kysely } from 'kysely'
import type { Application } from './application.js'
import { currentApp } from './current.js'

/**
 * A configuration value by dotted key, from the app's `config/*.ts` merged over package defaults.
 *
 * @example
 * const perPage = config('blog.per_page', 10)
 */
export function config<T = unknown>(key: string, fallback?: T): T {
  return currentApp().config.get<T>(key, fallback)
}

/**
 * Renders a view to HTML: `view('welcome')` from the app's templates/, `view('blog:posts.show')`
 * from the blog package (or the app's override in templates/vendor/blog/).
 */
export function view(name: string, data: Record<string, unknown> = {}): Promise<string> {
  return currentApp().views.render(name, data)
}

/** The URL path of a named route: `route('posts.show', { id: 1 })` → `/posts/1`. */
export function route(name: string, params?: Record<string, string | number>): string {
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
