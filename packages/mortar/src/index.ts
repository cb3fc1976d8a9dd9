/**
 * Mortar: a TypeScript web framework whose packages add configuration, routes, views,
 * migrations, commands and assets to any application.
 *
 * @module
 */

/** Kysely's type, for migration signatures: `export async function up(db: Kysely<any>)`. */
export type { Kysely } from 'kysely'
export { Application, type ApplicationOptions, type Environment, type ErrorHook } from './app/application.js'
export { app, config, db, route, view } from './app/helpers.js'
export { Provider, type ProviderClass } from './app/provider.js'
export type { ProviderEntry, ProvidersConfig } from './app/provider_loader.js'
export { env } from './config/env.js'
export { deepMerge } from './config/merge.js'
export { Command, type CommandClass } from './console/command.js'
export { type BindingKey, Container, type Token, token } from './container/index.js'
export { type Paginated, type PaginateOptions, paginate } from './database/paginate.js'
export { ERROR_CODES, type ErrorCode, isMortarError, MortarError } from './errors.js'
export { HttpContext } from './http/context.js'
export { abort, HttpError } from './http/http_error.js'
export type { Middleware, Next } from './http/middleware.js'
export { type GroupOptions, Route, RouteDefinition, RouteGroup, type RouteHandler } from './http/route.js'
export { type PackageDefinition, PackageProvider, type ResourceKind } from './packages/package_provider.js'
export { escapeHtml } from './support/html.js'
export { ErrorBag, type FieldErrors, type StandardSchemaV1, type ValidateOptions, ValidationError } from './validation/index.js'
export { html, SafeHtml, type ViewDataSharer, type ViewRequest } from './views/index.js'
