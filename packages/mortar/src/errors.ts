/**
 * Every error Mortar raises on purpose is a `MortarError` with a stable `code`, a message that
 * names the thing that went wrong and says what to do, and an optional `hint`.
 *
 * `craft` prints `message` (and `hint`) on one line and exits non-zero; the stack only shows with
 * `--verbose`. Codes are documented in docs/errors.md; a test checks that every code below is.
 *
 * Mortar's own codes are the checked union `ErrorCode`: `new MortarError(code, …)` accepts only
 * those. A package raises its own codes (`E_` and capitals) by naming the code as the type
 * argument (`new MortarError<Code>(code, …)`), or better with `defineErrors()`; craft prints them
 * the same way.
 *
 * @example
 * throw new MortarError('E_CONFIG_LOAD', `Cannot load config/app.ts: ${cause.message}`, { cause })
 */
export class MortarError<Code extends `E_${string}` = ErrorCode> extends Error {
  readonly code: Code
  readonly hint?: string

  // NoInfer: without an explicit type argument the code must be one of Mortar's own.
  constructor(code: NoInfer<Code>, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'MortarError'
    this.code = code
    this.hint = options.hint
  }
}

/** True for errors Mortar raised on purpose (their message is meant for the user as it is). */
export function isMortarError(error: unknown): error is MortarError<`E_${string}`> {
  return error instanceof Error && typeof (error as MortarError).code === 'string' && (error as MortarError).code.startsWith('E_')
}

/**
 * The stable codes. Add a code here with a one-line description, and document it in
 * docs/errors.md (the errors test fails otherwise).
 */
export const ERROR_CODES = {
  E_APP_NOT_FOUND: 'No Mortar application (a folder with config/app.ts) here or above',
  E_CONFIG_LOAD: 'A config file failed to load',
  E_ENV_FILE: 'The .env file could not be parsed',
  E_CONFIG_INVALID: 'A config value has the wrong type or is out of range',
  E_ENVIRONMENT_UNKNOWN: 'APP_ENV or NODE_ENV names no environment Mortar knows',
  E_DEBUG_IN_PRODUCTION: 'A production start has app.debug on without APP_DEBUG_IN_PRODUCTION=true',
  E_ERROR_CODE_INVALID: 'defineErrors() was given a code that is not E_ and capitals',
  E_PROVIDER_FAILED: 'A provider threw (or timed out) while registering, booting or shutting down',
  E_PROVIDER_INVALID: 'A providers entry is not a provider class',
  E_BINDING_MISSING: 'Nothing is bound in the container under that key',
  E_ROUTE_INVALID: 'A route definition is malformed',
  E_ROUTE_DUPLICATE: 'Two sources register the same method and path',
  E_ROUTE_NAME_DUPLICATE: 'Two sources register the same route name',
  E_ROUTE_NOT_FOUND: 'route() was asked for a name no route has',
  E_ROUTE_PARAM_MISSING: 'route() was not given a parameter the path needs',
  E_CONTROLLER_NOT_FOUND: "A 'Name@method' handler names no controller in the registered folders",
  E_CONTROLLER_METHOD: 'A controller has no such method',
  E_MIDDLEWARE_UNKNOWN: 'A route names a middleware that is not registered',
  E_HTTP_CONFIG_INVALID: 'An HTTP setting (bodyLimit, trustedProxies, securityHeaders, server timeouts) is invalid',
  E_MIDDLEWARE_NAME_TAKEN: 'Two packages (or a package and the app) register the same middleware name',
  E_VIEW_NOT_FOUND: 'No template for that view name',
  E_VIEW_NAMESPACE: 'A view names a namespace nobody registered',
  E_VALIDATION_SCHEMA: 'validate() was given something that is not a Standard Schema v1 validator',
  E_COMMAND_NOT_FOUND: 'No command by that name',
  E_COMMAND_SIGNATURE: "A command's signature cannot be parsed",
  E_COMMAND_DUPLICATE: 'Two sources register the same command name',
  E_COMMAND_USAGE: 'Bad arguments or options for a command',
  E_SERVE_WORKER_FAILED: 'A craft serve --workers worker exited before it could serve',
  E_NO_APP_RUNNING: 'A helper such as config() or view() was called with no application booted',
  E_DATABASE_CONFIG: 'The database configuration or DATABASE_URL is invalid',
  E_DATABASE_CLOSED: 'The database was used after the application shut down',
  E_SQLITE_NOT_BUILT: "better-sqlite3's native build is missing (its install script did not run) or made for another Node.js",
  E_SQLITE_DRIVER_MISSING: 'The app needs better-sqlite3 (no node:sqlite, or driver says so) and it is not installed',
  E_MIGRATION_FAILED: 'A migration threw; the whole batch was rolled back',
  E_MIGRATION_INVALID: 'A migration file does not export up() and down()',
  E_MIGRATION_MISSING: 'An applied migration has no file any more and cannot be rolled back',
  E_MIGRATION_SOURCE_UNKNOWN: 'No migration source by that name',
  E_PACKAGE_NAME_INVALID: 'A package name is not lower-case letters, digits, - and _',
  E_PACKAGE_NAME_RESERVED: 'A package name is reserved',
  E_PACKAGE_NAME_TAKEN: 'Two packages declare the same name',
  E_PACKAGE_PATH_ESCAPE: 'A package resource path or link leaves the package root',
  E_PACKAGE_RESOURCE_MISSING: 'A package declares a resource file that does not exist',
  E_PACKAGE_PROVIDER_INVALID: 'A package provider is missing or is not a PackageProvider',
  E_PACKAGE_UNKNOWN: 'No installed package by that name',
  E_RESOURCE_UNKNOWN: 'No resource kind by that name',
  E_TRANSLATION_INVALID: 'A translations file or message is malformed, or t() lacks a value it names',
  E_WHY_UNKNOWN: 'package:why found no view, config key, asset or route by that name',
  E_PUBLISH_NO_MATCH: 'package:publish --only matched no publishable file',
  E_LEDGER_CORRUPT: 'The publish ledger cannot be read',
  E_LEDGER_LOCKED: 'Another publish is running on this application',
  E_PUBLISH_CONFLICT: 'A three-way merge left conflicts',
  E_INSTALL_FAILED: 'npm could not install or uninstall the package',
  E_CHECK_FAILED: 'package:check found problems',
  E_MAIL_INVALID: 'A message has no recipient, subject, sender or body, or a malformed address',
  E_MAIL_DRIVER: 'The mail driver is unknown, misconfigured, or not allowed in this environment',
  E_MAIL_SEND_FAILED: 'The mail driver could not deliver a message',
  E_APP_KEY_MISSING: 'APP_KEY is missing or shorter than 32 bytes in production',
  E_APP_KEY_EXISTS: 'key:generate would replace an existing APP_KEY without --force',
  E_COOKIE_NAME: 'A cookie name has characters a cookie name cannot have',
  E_COOKIE_TOO_LARGE: 'A cookie (or a cookie session) is over the 4 KB browsers keep',
  E_SESSION_DRIVER: 'The session driver is unknown, or not allowed in this environment',
  E_SESSION_NOT_STARTED: 'ctx.session was used on a route without the session middleware',
  E_SESSION_TABLE_MISSING: 'The sessions table does not exist: craft migrate has not run',
  E_SESSION_STORE: 'The session store (database or Redis) failed',
  E_LIMITER_STORE: 'The rate limiter store is unknown or unreachable, or its table is missing in production',
  E_CONTEXT_EXTENSION: 'Two extensions, or an extension and a built-in, claim one ctx member',
  E_SCAFFOLD: 'create-mortar could not scaffold the project',
} as const

export type ErrorCode = keyof typeof ERROR_CODES

/** One entry of `defineErrors()`: the message (a template function for messages with values) and a hint. */
export interface ErrorDefinition {
  message: string | ((...args: any[]) => string)
  hint?: string
}

/** The factory `defineErrors()` makes for one code: call it with the template's values. */
export type ErrorFactory<Code extends `E_${string}`, Definition extends ErrorDefinition> = ((
  ...args: Definition['message'] extends (...args: infer Args) => string ? Args : []
) => MortarError<Code>) & { readonly code: Code }

/**
 * A package's own coded errors, each with its message template beside its code (as adonisjs/ace
 * does). Each factory makes a `MortarError` that craft prints on one line like Mortar's own;
 * `factory.code` is the code, for comparisons. Document the codes in the package's README.
 *
 * @example
 * export const errors = defineErrors({
 *   E_HONEYPOT_SECRET: { message: 'HONEYPOT_SECRET is not set', hint: 'Add it to .env.' },
 *   E_HONEYPOT_FIELD: { message: (field: string) => `The form has no field "${field}"` },
 * })
 * throw errors.E_HONEYPOT_FIELD('website')
 */
export function defineErrors<const Definitions extends Record<`E_${string}`, ErrorDefinition>>(
  definitions: Definitions,
): { [Code in keyof Definitions & `E_${string}`]: ErrorFactory<Code, Definitions[Code]> } {
  const factories: Record<string, unknown> = {}
  for (const [code, definition] of Object.entries(definitions) as [`E_${string}`, ErrorDefinition][]) {
    if (!/^E_[A-Z0-9_]+$/.test(code)) {
      throw new MortarError('E_ERROR_CODE_INVALID', `defineErrors(): "${code}" is not a code: write E_ and capitals, digits or _`)
    }
    const factory = (...args: unknown[]) => {
      const message = typeof definition.message === 'function' ? definition.message(...args) : definition.message
      return new MortarError<typeof code>(code, message, { hint: definition.hint })
    }
    factories[code] = Object.assign(factory, { code })
  }
  return factories as never
}
