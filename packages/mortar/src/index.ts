/**
 * Mortar: a TypeScript web framework whose packages add configuration, routes, views,
 * migrations, commands and assets to any application.
 *
 * @module
 */

/** Kysely's type, for migration signatures: `export async function up(db: Kysely<any>)`. */
export type { Kysely } from 'kysely'
export { Application, type ApplicationOptions, type Environment, type EnvironmentSource, type ErrorHook } from './app/application.js'
export { app, config, db, route, t, view } from './app/helpers.js'
export { Provider, type ProviderClass } from './app/provider.js'
export type { ProviderEntry, ProvidersConfig } from './app/provider_loader.js'
export type { ConfigKey, ConfigTypes, ConfigValue, Register, RouteName, TranslationKey, ViewName } from './app/typed_names.js'
export { env } from './config/env.js'
export { deepMerge } from './config/merge.js'
export { Command, type CommandClass } from './console/command.js'
export { type BindingKey, Container, type Token, token } from './container/index.js'
export { type Paginated, type PaginateOptions, paginate } from './database/paginate.js'
export { ERROR_CODES, type ErrorCode } from './error_codes.js'
export {
  defineErrors,
  type ErrorDefinition,
  type ErrorDetails,
  type ErrorFactory,
  freeMessage,
  isMortarError,
  MortarError,
} from './errors.js'
export type { FormValue } from './http/body_parser.js'
export { HttpContext } from './http/context.js'
export type { CookieJar, CookieOptions, CookieReadOptions } from './http/cookies.js'
export { abort, HttpError } from './http/http_error.js'
export type { AliasOptions, Middleware, MiddlewareRegistry, Next } from './http/middleware.js'
export { Redirect } from './http/redirect.js'
export { currentRequest } from './http/request_scope.js'
export { type GroupOptions, Route, RouteDefinition, RouteGroup, type RouteHandler } from './http/route.js'
export type { SecurityHeadersOptions } from './http/secure_headers.js'
export type { ServerTimeouts } from './http/server.js'
export type { TranslationParams, Translator } from './i18n/translator.js'
export type { EnvValue, InstallOptions, MigrateMode } from './installing/install_recipe.js'
export {
  type LimiterConfig,
  type LimiterHit,
  type LimiterStore,
  limiter,
  RateLimiter,
  type ThrottleOptions,
  throttle,
} from './limiter/index.js'
export {
  type MailAddress,
  type MailConfig,
  type MailDriver,
  type MailDriverName,
  Mailer,
  type MailMessage,
  mail,
  type Recipients,
  type SentMail,
  type SmtpConfig,
} from './mail/index.js'
export { type PackageDefinition, type PackageMiddleware, PackageProvider, type ResourceKind } from './packages/package_provider.js'
export type { RouteMount, RouteMountOptions } from './packages/package_registry.js'
export { generateAppKey } from './security/app_key.js'
export { decrypt, Encrypter, encrypt } from './security/encryption.js'
export { type HashingConfig, hash } from './security/hashing.js'
export { csrf as csrfMiddleware } from './session/csrf.js'
export type { SessionManager } from './session/manager.js'
export { session as sessionMiddleware } from './session/middleware.js'
export { Session, type StoredSession } from './session/session.js'
export type { SessionConfig, SessionStore } from './session/store.js'
export { escapeHtml } from './support/html.js'
export { ErrorBag, type FieldErrors, type StandardSchemaV1, type ValidateOptions, ValidationError } from './validation/index.js'
export { html, SafeHtml, type ViewDataSharer, type ViewRequest } from './views/index.js'
