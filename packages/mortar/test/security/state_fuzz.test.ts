// Fuzzing the state layer with fast-check against a real production `craft serve` of an app whose
// web routes run `session` and `csrf` (sessions in SQLite): random form and JSON bodies (nested
// keys, arrays, prototype keys, unicode), random Cookie headers and random values of the headers
// the state layer reads. No answer may be a 5xx, every request is answered within its bound, the
// server keeps running, and Object.prototype in the server is what it was.
import assert from 'node:assert/strict'
import { Agent, request } from 'node:http'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { generateAppKey } from 'mortar'
import { removeStateApp, STATE_APP_FILES, writeStateApp } from '../state/support.js'
import { craft, type ServedApp, serveApp } from '../support/temp_app.js'

// A fixed seed by default, so CI runs the same inputs every time; MORTAR_FUZZ_SEED=<n> replays
// a seed and MORTAR_FUZZ_SEED=random explores new ones.
const SEED_SETTING = process.env.MORTAR_FUZZ_SEED ?? '20261201'
const SEED = SEED_SETTING === 'random' ? Date.now() % 2_147_483_647 : Number(SEED_SETTING)
const RUNS = 500
const REQUEST_TIMEOUT_MS = 10_000

// The state app's routes, and one where the server reports on its own Object.prototype.
// (/submit reads any JSON body, `null` and arrays included, as the fuzzer sends them.)
const ROUTES = (STATE_APP_FILES['routes/web.ts'] as string)
  .replace("(await ctx.body())['title']", '(await ctx.body<any>())?.title')
  .replace(
    /\]\n$/,
    `  Route.get('/prototype', () => ({
    names: Object.getOwnPropertyNames(Object.prototype).sort(),
    polluted: Object.keys(Object.prototype),
    probe: String(({} as Record<string, unknown>).polluted ?? ''),
  })),
]
`,
  )

interface Answer {
  status: number
  body: string
}

/** One request on 127.0.0.1, failing (not hanging) after REQUEST_TIMEOUT_MS. */
function send(agent: Agent, base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype']
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(...PROTOTYPE_KEYS, '', '_token'),
)
/** A form field name: a base and up to 4 `[key]` or `[]` parts. */
const fieldName = fc
  .tuple(
    text,
    fc.array(
      fc.oneof(
        fc.constant('[]'),
        text.map((key) => `[${key}]`),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([base, parts]) => base + parts.join(''))
/** A Cookie header: pairs of random names and values (printable ASCII and Latin-1), sometimes broken. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code === 0x7f ? 0x20 : code)),
  maxLength: 40,
})
const cookieHeader = fc.oneof(
  headerText,
  fc
    .array(fc.tuple(fc.oneof(headerText, fc.constantFrom('mortar_session', 'XSRF-TOKEN', ...PROTOTYPE_KEYS)), headerText), { maxLength: 6 })
    .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('; ')),
)

describe(`fuzzing the state layer over HTTP (seed ${SEED}; replay with MORTAR_FUZZ_SEED=${SEED})`, { timeout: 180_000 }, () => {
  let root: string
  let served: ServedApp | undefined
  let agent: Agent
  let cookie = ''
  let token = ''
  let prototypeBefore = ''

  before(async () => {
    root = writeStateApp({ 'routes/web.ts': ROUTES })
    const env = { APP_ENV: 'production', APP_DEBUG: '', APP_KEY: generateAppKey() }
    const migrated = craft(root, ['migrate'], { env })
    assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr)
    served = await serveApp(root, { env, args: ['--no-reload'] })
    agent = new Agent({ keepAlive: true, maxSockets: 4 })
    // A genuine session and its token, which some inputs carry along with the random parts.
    const first = await fetch(`${served.url}/token`)
    cookie = first.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ')
    token = ((await first.json()) as { token: string }).token
    prototypeBefore = (await send(agent, served.url, 'GET', '/prototype', {})).body
  })

  after(async () => {
    agent?.destroy()
    await served?.stop()
    if (root) removeStateApp(root)
  })

  /** Runs `property` RUNS times with the fixed seed, then checks that the server is unharmed. */
  async function campaign(property: fc.IAsyncProperty<any>): Promise<void> {
    const result = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: true })
    if (result.failed) {
      throw new Error(`failed on ${fc.stringify(result.counterexample)}: ${String(result.errorInstance ?? '')}`)
    }
    const server = served as ServedApp
    assert.equal(server.process.exitCode, null, server.output())
    assert.equal((await send(agent, server.url, 'GET', '/prototype', {})).body, prototypeBefore, 'Object.prototype is unchanged')
    assert.doesNotMatch(server.output(), /^error|Error:/m, 'the server reported no error')
  }

  const assertNoServerError = (answer: Answer, input: unknown) =>
    assert.ok(answer.status > 0 && answer.status < 500, `${answer.status} for ${JSON.stringify(input)}: ${answer.body.slice(0, 300)}`)

  test(`form bodies: ${RUNS} random urlencoded forms with nested and prototype keys and unicode`, async () => {
    await campaign(
      fc.asyncProperty(
        fc.array(fc.tuple(fieldName, fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 12 }),
        fc.boolean(),
        fc.constantFrom('/submit', '/save'),
        async (fields, withToken, path) => {
          const form = new URLSearchParams(fields)
          if (withToken) form.append('_token', token)
          const answer = await send(
            agent,
            (served as ServedApp).url,
            'POST',
            path,
            {
              cookie,
              'content-type': 'application/x-www-form-urlencoded',
            },
            form.toString(),
          )
          assertNoServerError(answer, fields)
          // Without the token it is refused: 419, or 400 when the form itself is refused first.
          if (!withToken) assert.ok([400, 419].includes(answer.status), `${answer.status} without a token`)
        },
      ),
    )
  })

  test(`JSON bodies: ${RUNS} random JSON values and objects with prototype keys, valid or cut short`, async () => {
    const objectWithKeys = fc.dictionary(text, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
    await campaign(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), objectWithKeys), fc.nat(), async (value, cut) => {
        const json = JSON.stringify(value) ?? 'null'
        // Now and then the body is cut short: malformed JSON.
        const body = cut % 5 === 0 ? json.slice(0, cut % Math.max(1, json.length)) : json
        const answer = await send(
          agent,
          (served as ServedApp).url,
          'POST',
          '/submit',
          {
            cookie,
            'content-type': 'application/json',
            'x-csrf-token': token,
          },
          body,
        )
        assertNoServerError(answer, body)
      }),
    )
  })

  test(`Cookie headers: ${RUNS} random cookie strings, alone and next to a genuine session`, async () => {
    await campaign(
      fc.asyncProperty(
        cookieHeader,
        fc.boolean(),
        fc.constantFrom('/get/x', '/cookie/get', '/count', '/form', '/token'),
        async (random, withGenuine, path) => {
          const header = withGenuine ? `${random}; ${cookie}` : random
          const answer = await send(agent, (served as ServedApp).url, 'GET', path, { cookie: header })
          assertNoServerError(answer, header)
          assert.equal(answer.status, 200, `${path} with ${JSON.stringify(header)}: ${answer.status}`)
        },
      ),
    )
  })

  test(`header values: ${RUNS} random Referer, Accept, Content-Type, CSRF and forwarding headers`, async () => {
    const names = [
      'referer',
      'accept',
      'content-type',
      'x-csrf-token',
      'x-xsrf-token',
      'x-forwarded-for',
      'x-forwarded-proto',
      'accept-language',
      'x-requested-with',
    ]
    await campaign(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...names), headerText, { maxKeys: names.length }),
        fc.constantFrom('GET /form', 'GET /count', 'POST /save', 'POST /submit'),
        fc.string({ unit: 'binary', maxLength: 40 }),
        async (headers, route, body) => {
          const [method = 'GET', path = '/'] = route.split(' ')
          const answer = await send(
            agent,
            (served as ServedApp).url,
            method,
            path,
            { ...headers, cookie },
            method === 'POST' ? body : undefined,
          )
          assertNoServerError(answer, { headers, route, body })
        },
      ),
    )
  })
})
