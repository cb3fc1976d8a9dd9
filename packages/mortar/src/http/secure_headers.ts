import type { Context } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { isHttps, type ProxySettings } from './client_ip.js'
import { httpErrors } from './errors.js'

/**
 * The options of Hono's secure-headers middleware, which `app.securityHeaders` takes.
 *
 * @example
 * // config/app.ts
 * securityHeaders: { xFrameOptions: 'DENY', contentSecurityPolicy: { defaultSrc: ["'self'"] } } satisfies SecurityHeadersOptions
 */
export type SecurityHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>

/**
 * Mortar's defaults over Hono's: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
 * strict-origin-when-cross-origin` (Hono's `no-referrer` would break going back to a form),
 * `X-Frame-Options: SAMEORIGIN`, `Cross-Origin-Opener-Policy` and `Cross-Origin-Resource-Policy:
 * same-origin`, and HSTS for 180 days (sent only in production, and only over HTTPS). Hono's
 * headers for old browsers and plugins (`X-XSS-Protection`, `X-Download-Options`,
 * `X-Permitted-Cross-Domain-Policies`), `X-DNS-Prefetch-Control: off` (it slows pages) and
 * `Origin-Agent-Cluster` are left out: each header costs every HTML answer. A header the handler
 * set itself is kept.
 */
export const SECURITY_HEADER_DEFAULTS: SecurityHeadersOptions = {
  xContentTypeOptions: true,
  referrerPolicy: 'strict-origin-when-cross-origin',
  xFrameOptions: 'SAMEORIGIN',
  crossOriginOpenerPolicy: true,
  crossOriginResourcePolicy: true,
  strictTransportSecurity: 'max-age=15552000; includeSubDomains',
  xXssProtection: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xDnsPrefetchControl: false,
  originAgentCluster: false,
  overwrite: false,
}

/**
 * What the security headers need of the application: its `app.securityHeaders` setting, whether
 * it runs in production (HSTS is sent only then), and its trusted proxies (HSTS only over HTTPS).
 */
export interface SecuritySettings extends ProxySettings {
  readonly isProduction: boolean
}

/** Adds the security headers to an answer (HTML answers only; others are returned as they are). */
export type SecureAnswer = (response: Response, request: Request, env: unknown) => Response | Promise<Response>

/**
 * Builds the step that adds security headers to every HTML answer, with Hono's secure-headers
 * middleware and the options of `app.securityHeaders` (over `SECURITY_HEADER_DEFAULTS`);
 * `app.securityHeaders: false` turns it off.
 */
export function secureAnswers(app: SecuritySettings): SecureAnswer {
  const setting = app.config.get<unknown>('app.securityHeaders', {})
  if (setting === false) return (response) => response
  if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
    throw httpErrors.E_HTTP_CONFIG_INVALID(`app.securityHeaders must be false or an object of options, not ${JSON.stringify(setting)}`, {
      hint: "Example: securityHeaders: { xFrameOptions: 'DENY', contentSecurityPolicy: { defaultSrc: [\"'self'\"] } }",
    })
  }
  const options = { ...SECURITY_HEADER_DEFAULTS, ...(setting as SecurityHeadersOptions) }
  const plain = secureHeaders({ ...options, strictTransportSecurity: false })
  const strict = app.isProduction && options.strictTransportSecurity ? secureHeaders(options) : undefined
  return (response, request, env) => {
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return response
    return apply(strict && isHttps(app, request, env) ? strict : plain, response)
  }
}

// Runs the middleware after the answer exists, as it would after next(): it reads and changes
// only `res` (and `get`/`set` for a CSP nonce).
async function apply(middleware: ReturnType<typeof secureHeaders>, response: Response): Promise<Response> {
  const variables = new Map<string, unknown>()
  const context = {
    res: writable(response),
    get: (key: string) => variables.get(key),
    set: (key: string, value: unknown) => variables.set(key, value),
  }
  await middleware(context as unknown as Context, async () => {})
  return context.res
}

function writable(response: Response): Response {
  try {
    // Throws when the headers are immutable (`Response.redirect()`, an answer from `fetch()`).
    response.headers.delete('x-mortar-probe')
    return response
  } catch {
    return new Response(response.body, response)
  }
}
