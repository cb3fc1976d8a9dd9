import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of sessions: drivers, stores and routes without the session middleware. */
export const sessionErrors = defineErrors({
  E_SESSION_DRIVER: freeMessage('The session driver is unknown, or not allowed in this environment'),
  E_SESSION_NOT_STARTED: freeMessage('ctx.session was used on a route without the session middleware'),
  E_SESSION_TABLE_MISSING: {
    description: 'The sessions table does not exist: craft migrate has not run',
    message: (table: string, _cause: unknown) => `The ${table} table does not exist, so sessions cannot be stored`,
    hint: 'Run `npx craft migrate` (it creates the table), or set SESSION_DRIVER to cookie or redis.',
    cause: (_table: string, cause: unknown) => cause,
  },
  E_SESSION_STORE: {
    description: 'The session store (database or Redis) failed',
    message: (url: string, cause: Error) => `Cannot reach Redis at ${url} for sessions: ${cause.message}`,
    hint: 'Start Redis, or fix REDIS_URL (or session.redis.url in config/session.ts).',
    cause: (_url: string, cause: Error) => cause,
  },
})
