import { BlockList, isIP } from 'node:net'
import type { ConfigRepository } from '../config/repository.js'
import type { MortarError } from '../errors.js'
import { httpErrors } from './errors.js'

/** Says whether the address at `hop` (0 = the socket's peer, 1 = the one it forwarded for, …) is a proxy you trust. */
type Trust = (address: string, hop: number) => boolean

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
}

/** What the client address needs of the application: its `app.trustedProxies` setting. */
export interface ProxySettings {
  readonly config: Pick<ConfigRepository, 'get'>
}

const trusts = new WeakMap<ProxySettings, Trust>()

/**
 * Turns `app.trustedProxies` into a test. Accepted: nothing, `false` or `[]` (no proxy is
 * trusted: the default); `true` (every hop: only behind a proxy that overwrites the header);
 * a number of hops; or addresses, CIDR ranges and the names `loopback`, `linklocal`,
 * `uniquelocal`, as a list or one comma-separated string.
 */
export function parseTrustedProxies(setting: unknown): Trust {
  if (setting === undefined || setting === null || setting === false) return () => false
  if (setting === true) return () => true
  // A number of hops may come from the environment as a string ("1").
  if (typeof setting === 'string' && /^\s*\d+\s*$/.test(setting)) return parseTrustedProxies(Number(setting))
  if (typeof setting === 'number') {
    if (!Number.isInteger(setting) || setting < 0) throw invalid(setting, 'a number of hops is a whole number, 0 or more')
    return (_address, hop) => hop < setting
  }
  const entries = typeof setting === 'string' ? setting.split(',') : setting
  if (!Array.isArray(entries)) throw invalid(setting, 'give addresses, CIDR ranges, names or a number of hops')
  const list = new BlockList()
  let ranges = 0
  for (const raw of entries) {
    const entry = String(raw).trim()
    if (entry === '') continue
    for (const range of NAMED_RANGES[entry] ?? [entry]) {
      const [address = '', prefix] = range.split('/')
      const family = isIP(address)
      if (family === 0) throw invalid(entry, 'not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal')
      const type = family === 4 ? 'ipv4' : 'ipv6'
      ranges++
      if (prefix === undefined) {
        list.addAddress(address, type)
        continue
      }
      const bits = Number(prefix)
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw invalid(entry, 'the prefix length is out of range')
      list.addSubnet(address, bits, type)
    }
  }
  // An empty list (TRUSTED_PROXIES='', a new app's default) trusts no one without asking
  // BlockList, whose check() builds a SocketAddress per call: once per HTML answer.
  if (ranges === 0) return () => false
  return (address) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6')
}

function invalid(value: unknown, why: string): MortarError {
  return httpErrors.E_HTTP_CONFIG_INVALID(`app.trustedProxies: "${String(value)}" is not valid: ${why}`, {
    hint: "Examples: trustedProxies: ['loopback'], ['10.0.0.0/8', '192.168.1.10'], or 1 (one proxy in front).",
  })
}

const loopback = parseTrustedProxies(['loopback'])

/** The app's proxy test, parsed once (an invalid setting fails where it is first needed: the start). */
export function trustOf(app: ProxySettings): Trust {
  let trust = trusts.get(app)
  if (!trust) {
    const configured = parseTrustedProxies(app.config.get('app.trustedProxies'))
    // Under `craft serve` in development the app runs behind the reloading front server on
    // loopback, which appends the real peer to X-Forwarded-For: that one hop is trusted too.
    trust =
      process.env.MORTAR_SERVE_CHILD === '1'
        ? (address, hop) => (hop === 0 ? loopback(address, 0) : configured(address, hop - 1))
        : configured
    trusts.set(app, trust)
  }
  return trust
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string; encrypted?: boolean } }
}

/**
 * The client's address. The chain is the socket's peer, then the `X-Forwarded-For` entries from
 * right to left; it is walked while the address at hand is a trusted proxy, and the first one that
 * is not is the client. With no proxy trusted that is always the socket's peer. An entry that is
 * not an IP address ends the walk at the proxy that wrote it.
 */
export function clientIp(app: ProxySettings, request: Request, env: unknown): string {
  const peer = normalise(socketOf(env)?.remoteAddress ?? '127.0.0.1')
  const trust = trustOf(app)
  if (!trust(peer, 0)) return peer
  const forwarded = request.headers.get('x-forwarded-for')
  if (!forwarded) return peer
  const hops = forwarded.split(',').reverse()
  let current = peer
  for (let index = 0; index < hops.length; index++) {
    const next = normalise((hops[index] as string).trim())
    if (isIP(next) === 0) return current
    current = next
    if (!trust(current, index + 1)) return current
  }
  return current
}

/**
 * True when the client reached the app over HTTPS: a TLS socket, or a trusted proxy saying so in
 * `X-Forwarded-Proto`.
 */
export function isHttps(app: ProxySettings, request: Request, env: unknown): boolean {
  const socket = socketOf(env)
  if (socket?.encrypted || request.url.startsWith('https:')) return true
  const peer = normalise(socket?.remoteAddress ?? '127.0.0.1')
  if (!trustOf(app)(peer, 0)) return false
  const proto = request.headers.get('x-forwarded-proto')
  return proto?.split(',')[0]?.trim().toLowerCase() === 'https'
}

function socketOf(env: unknown) {
  return (env as NodeBindings | undefined)?.incoming?.socket
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; `[::1]` → `::1`. */
function normalise(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  return bare.toLowerCase().startsWith('::ffff:') && isIP(bare.slice(7)) === 4 ? bare.slice(7) : bare
}
