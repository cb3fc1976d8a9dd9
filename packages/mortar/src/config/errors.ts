import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of configuration: config files, .env and the environment. */
export const configErrors = defineErrors({
  E_CONFIG_LOAD: freeMessage('A config file failed to load'),
  E_ENV_FILE: {
    description: 'The .env file could not be parsed',
    message: (file: string, cause: unknown) => `Cannot read ${file}: ${(cause as Error).message}`,
    cause: (_file: string, cause: unknown) => cause,
  },
  E_CONFIG_INVALID: freeMessage('A config value has the wrong type or is out of range'),
  E_ENVIRONMENT_UNKNOWN: {
    description: 'APP_ENV or NODE_ENV names no environment Mortar knows',
    message: (where: string, value: string) => `${where} is "${value}", which is not an environment Mortar knows`,
    hint: 'Use development, production or test (APP_ENV in the environment wins over NODE_ENV and .env).',
  },
  E_DEBUG_IN_PRODUCTION: {
    description: 'A production start has app.debug on without APP_DEBUG_IN_PRODUCTION=true',
    message: (environment: string) =>
      `app.debug (APP_DEBUG) is on in ${environment}: error pages would show messages and stack traces to anyone`,
    hint: 'Unset APP_DEBUG for production, or set APP_DEBUG_IN_PRODUCTION=true if you mean it.',
  },
})
