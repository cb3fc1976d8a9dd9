import { HttpError } from './http_error.js'

/** A form body with more fields than this answers 400. */
export const FORM_MAX_FIELDS = 1000
/** A form field nested deeper than this (`a[1][2]…[11]`) answers 400. */
export const FORM_MAX_DEPTH = 10
/** Keys that would reach a prototype if merged into an object: refused in forms and JSON. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * A parsed form value: a string, a file (multipart), or arrays and objects of them.
 *
 * @example
 * const form = await ctx.body<Record<string, FormValue>>() // user[name]=Ada → { user: { name: 'Ada' } }
 */
export type FormValue = string | File | FormValue[] | { [key: string]: FormValue }

interface ReadBody {
  size: number
  parsed: unknown
}

// Bodies read before routing (a POST form read for `_method`), handed on with the request.
const readBefore = new WeakMap<Request, ReadBody>()

/** True for the content types of HTML forms: urlencoded and multipart. */
export function isFormType(type: string | null | undefined): boolean {
  const media = mediaType(type)
  return media === 'application/x-www-form-urlencoded' || media === 'multipart/form-data'
}

/** True for `application/json` and `application/<something>+json`. */
export function isJsonType(type: string | null | undefined): boolean {
  return /^application\/([\w.-]+\+)?json$/.test(mediaType(type))
}

function mediaType(type: string | null | undefined): string {
  return (type ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** The 413 answer: the connection is closed after it, so the rest of the body is never read. */
export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(413, `The request body is larger than the limit of ${formatSize(limit)}`, { connection: 'close' })
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`
  return `${bytes} bytes`
}

/**
 * Reads a request's body, at most `limit` bytes: a declared `Content-Length` over the limit is
 * refused before anything is read, a streamed body as soon as it passes the limit (413).
 */
export async function readBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) throw bodyTooLarge(limit)
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch (error) {
      throw new HttpError(400, `The request body could not be read: ${(error as Error).message}`)
    }
    if (chunk.done) break
    size += chunk.value.byteLength
    if (size > limit) {
      reader.cancel().catch(() => {})
      throw bodyTooLarge(limit)
    }
    chunks.push(chunk.value)
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/**
 * Reads and parses a request body by its content type (see `HttpContext.body()`); malformed
 * bodies are a 400 `HttpError` saying what is wrong, bodies over `limit` a 413.
 */
export async function readBody(request: Request, limit: number): Promise<unknown> {
  const before = readBefore.get(request)
  if (before) {
    if (before.size > limit) throw bodyTooLarge(limit)
    return before.parsed
  }
  return parseBody(request.headers.get('content-type'), await readBytes(request, limit))
}

/** Parses bytes of the given content type: JSON, a form, or text. */
export async function parseBody(type: string | null, bytes: Uint8Array): Promise<unknown> {
  if (isJsonType(type)) return parseJson(new TextDecoder().decode(bytes))
  const media = mediaType(type)
  if (media === 'application/x-www-form-urlencoded') return parseUrlEncoded(new TextDecoder().decode(bytes))
  if (media === 'multipart/form-data') {
    let data: FormData
    try {
      data = await new Response(bytes as BodyInit, { headers: { 'content-type': type as string } }).formData()
    } catch {
      throw new HttpError(400, 'The multipart form body is malformed (check its boundary and parts)')
    }
    return buildForm(data.entries())
  }
  return new TextDecoder().decode(bytes)
}

/** Hands a body read before routing on to the request that replaces the original. */
export function rememberBody(request: Request, size: number, parsed: unknown): void {
  readBefore.set(request, { size, parsed })
}

/**
 * JSON.parse, with a 400 for malformed text and for keys that could reach a prototype when
 * the data is merged into other objects: `__proto__` anywhere, and `constructor` holding a
 * `prototype` (the rule Fastify applies).
 */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return {}
  // Only text that could spell the keys (also with \u escapes) pays for the reviver.
  const suspicious = /proto|constructor|\\u/.test(text)
  try {
    return suspicious ? JSON.parse(text, refuseProtoKeys) : JSON.parse(text)
  } catch (error) {
    if (error instanceof HttpError) throw error
    throw new HttpError(400, `The JSON body is malformed: ${(error as Error).message}`)
  }
}

function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype'))) {
    throw new HttpError(400, `The JSON body is refused: it holds a "${key}" key, which could change object prototypes`)
  }
  return value
}

function parseUrlEncoded(text: string): Record<string, FormValue> {
  return buildForm(new URLSearchParams(text).entries())
}

/**
 * Builds the object of a form from its fields: repeated names give arrays (`x=1&x=2`), `tags[]`
 * an array, `user[name]` a nested object and `items[0][name]` an array of objects. More than
 * 1,000 fields, nesting deeper than 10, a name using `__proto__`, `constructor` or `prototype`,
 * and names that contradict each other (`a=1&a[b]=2`) answer 400.
 */
export function buildForm(fields: Iterable<[string, FormDataEntryValue]>): Record<string, FormValue> {
  const root: Record<string, FormValue> = {}
  let count = 0
  for (const [name, value] of fields) {
    if (++count > FORM_MAX_FIELDS) throw new HttpError(400, `The form has more than ${FORM_MAX_FIELDS} fields`)
    const path = keyPath(name)
    if (path.length - 1 > FORM_MAX_DEPTH) {
      throw new HttpError(400, `Form field "${name.slice(0, 100)}" is nested deeper than ${FORM_MAX_DEPTH} levels`)
    }
    if (path.some((segment) => FORBIDDEN_KEYS.has(segment))) {
      throw new HttpError(400, `Form field "${name.slice(0, 100)}" is refused: __proto__, constructor and prototype cannot be field names`)
    }
    assign(root, path, value, name)
  }
  return root
}

/** `user[name][]` → `['user', 'name', '']`; a name that is not of that shape is one key. */
function keyPath(name: string): string[] {
  const open = name.indexOf('[')
  if (open <= 0 || !name.endsWith(']')) return [name]
  const path = [name.slice(0, open)]
  const bracket = /\[([^[\]]*)\]/y
  bracket.lastIndex = open
  while (bracket.lastIndex < name.length) {
    const match = bracket.exec(name)
    if (!match) return [name]
    path.push(match[1] as string)
  }
  return path
}

type Container = Record<string, FormValue> | FormValue[]

const isIndex = (segment: string) => /^(0|[1-9]\d{0,2})$/.test(segment)
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null && !(value instanceof File)

function conflict(name: string): HttpError {
  return new HttpError(400, `Form field "${name.slice(0, 100)}" conflicts with another field of the form`)
}

function assign(root: Record<string, FormValue>, path: string[], value: FormValue, name: string): void {
  let container: Container = root
  for (let index = 0; index < path.length - 1; index++) {
    const next = path[index + 1] as string
    container = childOf(container, path[index] as string, next === '' || isIndex(next), name)
  }
  put(container, path[path.length - 1] as string, value, name)
}

function childOf(container: Container, segment: string, wantArray: boolean, name: string): Container {
  const made: Container = wantArray ? [] : {}
  if (Array.isArray(container)) {
    if (segment === '') {
      container.push(made)
      return made
    }
    if (!isIndex(segment)) throw conflict(name)
  } else if (segment === '') {
    throw conflict(name)
  }
  const existing = Array.isArray(container)
    ? container[Number(segment)]
    : Object.hasOwn(container, segment)
      ? container[segment]
      : undefined
  if (existing === undefined) {
    if (Array.isArray(container)) container[Number(segment)] = made
    else container[segment] = made
    return made
  }
  if (!isContainer(existing) || (Array.isArray(existing) && !wantArray)) throw conflict(name)
  return existing
}

function put(container: Container, segment: string, value: FormValue, name: string): void {
  if (Array.isArray(container)) {
    if (segment === '') {
      container.push(value)
      return
    }
    if (!isIndex(segment)) throw conflict(name)
    const at = Number(segment)
    container[at] = combine(container[at], value, name)
    return
  }
  if (segment === '') throw conflict(name)
  container[segment] = combine(Object.hasOwn(container, segment) ? container[segment] : undefined, value, name)
}

/** A second value for one name: the two become an array, or the value joins the array. */
function combine(existing: FormValue | undefined, value: FormValue, name: string): FormValue {
  if (existing === undefined) return value
  if (Array.isArray(existing)) {
    existing.push(value)
    return existing
  }
  if (isContainer(existing)) throw conflict(name)
  return [existing, value]
}
