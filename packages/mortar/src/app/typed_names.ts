/**
 * Names that an application's generated `.mortar/types.d.ts` (`craft types`) registers, so that
 * `config()`, `view()`, `route()` and `t()` accept only names that exist and `config()` returns
 * the value's type. Without that file every name is a plain string.
 *
 * @example
 * // .mortar/types.d.ts, written by craft types
 * declare module 'mortar' {
 *   interface Register {
 *     views: 'welcome' | 'blog:posts.show'
 *     routes: 'welcome' | 'blog.index'
 *     translations: 'messages.welcome' | 'blog:posts.title'
 *     config: { 'blog.per_page': number; 'app.name': string }
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface Register {}

type Registered<Key extends string, Fallback> = Register extends { [K in Key]: infer Names } ? Names : Fallback

/** A view name: `welcome`, `blog:posts.show`. */
export type ViewName = Registered<'views', string>
/** A route name: `posts.show`. */
export type RouteName = Registered<'routes', string>
/** A translation key: `messages.welcome`, `blog:posts.title`. */
export type TranslationKey = Registered<'translations', string>
/** Every config key (dotted) with the type of its value. */
export type ConfigTypes = Registered<'config', Record<string, unknown>>
/** A dotted config key: `blog.per_page`. */
export type ConfigKey = keyof ConfigTypes & string
/** What `config(key)` returns: the registered type, unless the call names one (`config<number>(…)`) or gives a fallback. */
export type ConfigValue<Key, T> = unknown extends T ? (Key extends keyof ConfigTypes ? ConfigTypes[Key] : T) : T
