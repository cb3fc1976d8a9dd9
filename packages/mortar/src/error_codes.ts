import { appErrors } from './app/errors.js'
import { configErrors } from './config/errors.js'
import { consoleErrors } from './console/errors.js'
import { containerErrors } from './container/errors.js'
import { databaseErrors } from './database/errors.js'
import { httpErrors } from './http/errors.js'
import { i18nErrors } from './i18n/errors.js'
import { installingErrors } from './installing/errors.js'
import { limiterErrors } from './limiter/errors.js'
import { mailErrors } from './mail/errors.js'
import { packageErrors } from './packages/errors.js'
import { publishingErrors } from './publishing/errors.js'
import { securityErrors } from './security/errors.js'
import { sessionErrors } from './session/errors.js'
import { validationErrors } from './validation/errors.js'
import { viewErrors } from './views/errors.js'

/**
 * Mortar's coded errors by area, each defined with `defineErrors()` in its area's `errors.ts`
 * (message template and hint beside the code). A code belongs to one area; a test checks that,
 * and that every code is documented in docs/errors.md and raised somewhere in the source.
 */
export const ERROR_AREAS = {
  app: appErrors,
  config: configErrors,
  container: containerErrors,
  http: httpErrors,
  views: viewErrors,
  validation: validationErrors,
  console: consoleErrors,
  database: databaseErrors,
  mail: mailErrors,
  i18n: i18nErrors,
  security: securityErrors,
  session: sessionErrors,
  limiter: limiterErrors,
  packages: packageErrors,
  publishing: publishingErrors,
  installing: installingErrors,
}

type CodesOf<Area> = Area extends unknown ? keyof Area & `E_${string}` : never

/** Every code Mortar raises: the union of the areas' codes. */
export type ErrorCode = CodesOf<(typeof ERROR_AREAS)[keyof typeof ERROR_AREAS]>

/**
 * Each of Mortar's codes with its one-line description, assembled from the areas.
 *
 * @example
 * console.log(ERROR_CODES.E_ROUTE_NOT_FOUND) // 'route() was asked for a name no route has'
 */
export const ERROR_CODES = Object.fromEntries(
  Object.values(ERROR_AREAS).flatMap((area) => Object.values(area).map((factory) => [factory.code, factory.description ?? ''])),
) as Readonly<Record<ErrorCode, string>>
