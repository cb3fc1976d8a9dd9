import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'
import { currentApp } from '../app/current.js'

/** What `config/hashing.ts` exports. */
export interface HashingConfig {
  /** The algorithm new hashes use. Only `scrypt` today; the PHC string names it, so it can change. */
  driver?: 'scrypt'
  scrypt?: {
    /** CPU/memory cost N, a power of two (default 16384 = 2^14). */
    cost?: number
    /** Block size r (default 8). */
    blockSize?: number
    /** Parallelisation p (default 1). */
    parallelization?: number
    /** Bytes of derived key (default 64). */
    keyLength?: number
    /** Bytes of random salt (default 16). */
    saltLength?: number
  }
}

const DEFAULTS = { cost: 16_384, blockSize: 8, parallelization: 1, keyLength: 64, saltLength: 16 }

interface ScryptParams {
  cost: number
  blockSize: number
  parallelization: number
  keyLength: number
  saltLength: number
}

function configured(): ScryptParams {
  let settings: HashingConfig = {}
  try {
    settings = currentApp().config.get<HashingConfig>('hashing', {})
  } catch {
    // No application running (a script): the defaults.
  }
  return { ...DEFAULTS, ...settings.scrypt }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.cost,
    r: params.blockSize,
    p: params.parallelization,
    maxmem: 256 * params.cost * params.blockSize + 1024 * 1024,
  }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, params.keyLength, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '')

interface Parsed {
  params: ScryptParams
  salt: Buffer
  hash: Buffer
}

/** `$scrypt$ln=14,r=8,p=1$<salt>$<hash>` taken apart; undefined for anything else. */
function parse(hashed: string): Parsed | undefined {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(hashed)
  if (!match) return undefined
  const [, ln, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string]
  const saltBytes = Buffer.from(salt, 'base64')
  const hashBytes = Buffer.from(hash, 'base64')
  return {
    params: {
      cost: 2 ** Number(ln),
      blockSize: Number(r),
      parallelization: Number(p),
      keyLength: hashBytes.length,
      saltLength: saltBytes.length,
    },
    salt: saltBytes,
    hash: hashBytes,
  }
}

/**
 * Password hashing: scrypt from `node:crypto` with the parameters of `config/hashing.ts`, stored
 * as PHC strings (`$scrypt$ln=14,r=8,p=1$salt$hash`) that carry their algorithm and parameters,
 * so hashes made with older settings still verify and can be upgraded with `needsRehash`.
 *
 * @example
 * const hashed = await hash.make(password)
 * if (await hash.verify(user.password, password)) {
 *   if (hash.needsRehash(user.password)) await saveNewHash(await hash.make(password))
 * }
 */
export const hash = {
  /** A new PHC string for `password`, with a fresh random salt. */
  async make(password: string): Promise<string> {
    const params = configured()
    const salt = randomBytes(params.saltLength)
    const key = await derive(password, salt, params)
    return `$scrypt$ln=${Math.log2(params.cost)},r=${params.blockSize},p=${params.parallelization}$${b64(salt)}$${b64(key)}`
  },

  /** Whether `password` matches `hashed` (compared in constant time); false for a malformed hash. */
  async verify(hashed: string, password: string): Promise<boolean> {
    const parsed = typeof hashed === 'string' ? parse(hashed) : undefined
    if (!parsed || typeof password !== 'string') return false
    const key = await derive(password, parsed.salt, parsed.params)
    return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash)
  },

  /** True when `hashed` was made with another algorithm or other parameters than the configured ones. */
  needsRehash(hashed: string): boolean {
    const parsed = parse(hashed)
    if (!parsed) return true
    const wanted = configured()
    return (
      parsed.params.cost !== wanted.cost ||
      parsed.params.blockSize !== wanted.blockSize ||
      parsed.params.parallelization !== wanted.parallelization ||
      parsed.params.keyLength !== wanted.keyLength ||
      parsed.params.saltLength !== wanted.saltLength
    )
  },
}
