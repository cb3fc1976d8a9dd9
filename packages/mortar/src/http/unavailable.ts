import { isMortarError } from '../errors.js'
import { HttpError } from './http_error.js'

/** What a 503 for a service that went away tells clients: try again in this many seconds. */
export const RETRY_AFTER_SECONDS = 5

/** How often, at most, an outage that goes on is reported again. */
const REPORT_AGAIN_AFTER_MS = 60_000

// Mortar's store errors for a store that cannot be reached (or, for the limiter, is not there yet).
const STORE_CODES = new Set(['E_SESSION_STORE', 'E_LIMITER_STORE'])
// Node's socket errors for a server that refused, dropped or never answered the connection.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
// PostgreSQL's "shut down by the administrator", "crash shutdown", "cannot connect now".
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03'])
// pg's own errors for a connection that dropped or could not be made in time.
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/

/**
 * Names the service behind `error` when it is one that went away (a session or limiter store
 * that cannot be reached, a database connection refused or terminated), looking through its
 * causes; undefined for any other error.
 */
export function unavailableService(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code
    if (isMortarError(current) && STORE_CODES.has(current.code)) return current.code
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || POSTGRES_CODES.has(code) || code.startsWith('08'))) return 'database'
    if (PG_MESSAGES.test(current.message)) return 'database'
    current = current.cause
  }
  return undefined
}

/** The 503 answered for a service that went away, with `Retry-After`. */
export function serviceUnavailable(error: unknown): HttpError {
  return new HttpError(503, (error as Error).message, { 'retry-after': String(RETRY_AFTER_SECONDS) })
}

/**
 * Decides which failures of a service that went away get reported: the first one, then at most
 * one a minute while the outage goes on, so an outage under load writes a few lines rather than
 * one per request.
 */
export class OutageReports {
  readonly #reportedAt = new Map<string, number>()

  /** Whether to report this failure of `service` now. */
  shouldReport(service: string, now = Date.now()): boolean {
    const last = this.#reportedAt.get(service)
    if (last !== undefined && now - last < REPORT_AGAIN_AFTER_MS) return false
    this.#reportedAt.set(service, now)
    return true
  }
}
