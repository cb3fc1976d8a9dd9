import type { ErrorCode } from './error_codes.js'

export type { ErrorCode } from './error_codes.js'

/**
 * Every error Mortar raises on purpose is a `MortarError` with a stable `code`, a message that
 * names the thing that went wrong and says what to do, and an optional `hint`.
 *
 * `craft` prints `message` (and `hint`) on one line and exits non-zero; the stack only shows with
 * `--verbose`. Codes are documented in docs/errors.md; a test checks that every code is.
 *
 * Mortar's own codes are the checked union `ErrorCode`, assembled in error_codes.ts from the
 * `errors.ts` of each area (http/errors.ts, database/errors.ts, …): `new MortarError(code, …)`
 * accepts only those, and Mortar raises them through the area's factories. A package raises its
 * own codes (`E_` and capitals) by naming the code as the type argument
 * (`new MortarError<Code>(code, …)`), or better with `defineErrors()`; craft prints them the same
 * way.
 *
 * @example
 * throw new MortarError('E_CONFIG_LOAD', `Cannot load config/app.ts: ${cause.message}`, { cause })
 * throw configErrors.E_CONFIG_LOAD('config/app.ts', cause) // the same, from config/errors.ts
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
 * One entry of `defineErrors()`. `message` is the template: a string, or a function of the
 * factory's arguments. `hint` and `cause` may be functions of the same arguments, so a caught
 * error named in the message is also the new error's cause. `description` is the one line that
 * `ERROR_CODES` shows for the code.
 */
export interface ErrorDefinition {
  description?: string
  message: string | ((...args: any[]) => string)
  hint?: string | ((...args: any[]) => string | undefined)
  cause?: (...args: any[]) => unknown
}

/** The factory `defineErrors()` makes for one code: call it with the template's values. */
export type ErrorFactory<Code extends `E_${string}`, Definition extends ErrorDefinition> = ((
  ...args: Definition['message'] extends (...args: infer Args) => string ? Args : []
) => MortarError<Code>) & { readonly code: Code; readonly description?: string }

/** The optional extras of a code whose message is written where it is raised (see `freeMessage`). */
export interface ErrorDetails {
  hint?: string
  cause?: unknown
}

/**
 * The definition of a code whose message differs at each place that raises it (a malformed route
 * can be malformed in many ways): the factory takes the message, and its hint and cause.
 *
 * @example
 * const errors = defineErrors({ E_ROUTE_INVALID: freeMessage('A route definition is malformed') })
 * throw errors.E_ROUTE_INVALID(`Route path "${path}" must start with "/"`, { hint: 'Write /posts.' })
 */
export function freeMessage(description: string) {
  return {
    description,
    message: (message: string, _details?: ErrorDetails) => message,
    hint: (_message: string, details?: ErrorDetails) => details?.hint,
    cause: (_message: string, details?: ErrorDetails) => details?.cause,
  }
}

/**
 * Coded errors, each with its message template beside its code (as adonisjs/ace does). Each
 * factory makes a `MortarError` that craft prints on one line like Mortar's own; `factory.code`
 * is the code, for comparisons. Mortar defines its own codes this way, one `errors.ts` per area;
 * a package does the same and documents its codes in its README.
 *
 * @example
 * export const errors = defineErrors({
 *   E_HONEYPOT_SECRET: { message: 'HONEYPOT_SECRET is not set', hint: 'Add it to .env.' },
 *   E_HONEYPOT_FIELD: { message: (field: string) => `The form has no field "${field}"` },
 *   E_HONEYPOT_STORE: { message: (cause: Error) => `The store failed: ${cause.message}`, cause: (cause: Error) => cause },
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
      const hint = typeof definition.hint === 'function' ? definition.hint(...args) : definition.hint
      const error = new MortarError<typeof code>(code, message, { hint, cause: definition.cause?.(...args) })
      // The stack starts where the error was raised, not inside this factory.
      Error.captureStackTrace?.(error, factory)
      return error
    }
    factories[code] = Object.assign(factory, { code, description: definition.description })
  }
  return factories as never
}

/** What an error says, on one line: the first line of its message, for one-line reports. */
export function errorSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const lines = message.split('\n').filter((line) => line.trim() !== '')
  // TypeScript syntax errors (tsx/esbuild) put the useful part on the second line.
  if (/^Transform failed/.test(lines[0] ?? '') && lines[1]) return lines[1].trim()
  return lines[0] ?? message
}
