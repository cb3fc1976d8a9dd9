import type { Application } from '../app/application.js'
import type { MortarError } from '../errors.js'

/** True for the error SQLite or PostgreSQL gives for a table that does not exist. */
export function isMissingTable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  return code === '42P01' || /no such table/i.test(message ?? '')
}

/**
 * Runs a query on a table of Mortar's own migrations (sessions, rate_limits). When the table is
 * missing it is made on the spot outside production, so a new app works before its first
 * `craft migrate`; in production the query fails with `inProduction(cause)`, which names the
 * command to run.
 */
export async function withOwnTable<T>(
  app: Application,
  query: () => Promise<T>,
  create: () => Promise<void>,
  inProduction: (cause: unknown) => MortarError,
): Promise<T> {
  try {
    return await query()
  } catch (error) {
    if (!isMissingTable(error)) throw error
    if (app.isProduction) throw inProduction(error)
    await create()
    return query()
  }
}
