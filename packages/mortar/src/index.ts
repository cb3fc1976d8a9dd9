/**
 * Mortar: a TypeScript web framework whose packages add configuration, routes, views,
 * migrations, commands and assets to any application.
 *
 * @module
 */

/** Kysely's type, for migration signatures: `export async function up(db: Kysely<any>)`. */
export type { Kysely } from 'kysely'
export { Application, type ApplicationOptions, type Environment } from './app/application.js'
export { app, config, db, route, t, view } from './app/helpers.js'
export { Provider, type ProviderClass } from './app/provider.js'
export type { ProviderEntry, ProvidersConfig } from './app/provider_loader.js'
export type { ConfigKey, ConfigTypes, ConfigValue, Register, RouteName, TranslationKey, ViewName } from './app/typed_names.js'
export { env } from './config/env.js'
export { deepMerge } from './config/merge.js'
export { Command, type CommandClass } from './console/command.js'
export { type BindingKey, Container, type Token, token } from './container/index.js'
export { ERROR_CODES, type ErrorCode, isMortarError, MortarError } from './errors.js'
export { HttpContext } from './http/context.js'
export { abort, HttpError } from './http/http_error.js'
export type { Middleware, Next } from './http/middleware.js'
export { type GroupOptions, Route, RouteDefinition, RouteGroup, type RouteHandler } from './http/route.js'
export type { TranslationParams, Translator } from './i18n/translator.js'
export type { EnvValue, InstallOptions, MigrateMode } from './packages/install_recipe.js'
export { type PackageDefinition, PackageProvider, type ResourceKind } from './packages/package_provider.js'
