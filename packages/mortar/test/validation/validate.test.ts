// ctx.validate(): any Standard Schema v1 validator (zod 4 and valibot 1 here) through HTTP, issues
// by dotted path, 422 `{ message, errors }` for JSON and `api` requests, and assertInvalid().
import assert from 'node:assert/strict'
import { existsSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ErrorBag, isMortarError, ValidationError } from 'mortar'
import { createTestApp, type TestApp } from 'mortar/testing'
import { writeFiles } from '../core/support.js'
import { createTempApp, removeTempApp, WORKSPACE } from '../support/temp_app.js'

const FILES: Record<string, string> = {
  'app/schemas.ts': `import * as v from 'valibot'
import { z } from 'zod'

export const zodOrder = z.object({
  customer: z.object({ email: z.email('Enter a valid email') }),
  items: z.array(z.object({ name: z.string('The name must be a string'), qty: z.number().int().positive('The quantity must be positive') })).min(1),
})

export const valibotOrder = v.object({
  customer: v.object({ email: v.pipe(v.string(), v.email('Enter a valid email')) }),
  items: v.pipe(
    v.array(v.object({ name: v.string('The name must be a string'), qty: v.pipe(v.number(), v.integer(), v.minValue(1, 'The quantity must be positive')) })),
    v.minLength(1),
  ),
})

export const contact = v.object({
  email: v.pipe(v.string('The email is required'), v.email('Enter a valid email')),
  name: v.pipe(v.string('The name is required'), v.minLength(1, 'The name is required')),
})
`,
  'routes/api.ts': `import { Route } from 'mortar'
import { valibotOrder, zodOrder } from '../app/schemas.js'

export default [
  Route.post('/zod/orders', async (ctx) => {
    const order = await ctx.validate(zodOrder)
    return ctx.json({ data: order, total: order.items.reduce((sum, item) => sum + item.qty, 0) }, 201)
  }),
  Route.post('/valibot/orders', async (ctx) => {
    const order = await ctx.validate(valibotOrder)
    return ctx.json({ data: order, total: order.items.reduce((sum, item) => sum + item.qty, 0) }, 201)
  }),
  Route.post('/not-a-schema', async (ctx) => ctx.validate({ parse: () => ({}) } as never)),
]
`,
  'routes/web.ts': `import { Route } from 'mortar'
import { z } from 'zod'
import { contact } from '../app/schemas.js'

export default [
  Route.post('/contact', async (ctx) => {
    const input = await ctx.validate(contact)
    return \`Thanks, \${input.name}\`
  }),
  Route.get('/search', async (ctx) => ctx.validate(z.object({ q: z.string().min(2, 'Type two letters'), page: z.coerce.number().int().default(1) }), { from: 'query' })),
  Route.get('/posts/:id', async (ctx) => ctx.validate(z.object({ id: z.string().regex(/^[0-9]+$/, 'The id must be digits') }), { from: 'params' })),
]
`,
}

const BAD_ORDER = {
  customer: { email: 'nope' },
  items: [
    { name: 'Tea', qty: 2 },
    { name: 7, qty: 0 },
  ],
}
const GOOD_ORDER = {
  customer: { email: 'ada@example.com' },
  items: [
    { name: 'Tea', qty: 2 },
    { name: 'Cake', qty: 1 },
  ],
}

describe('ctx.validate()', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'validate' })
    // New apps depend on valibot; zod is linked from the workspace (both are mortar's dev dependencies).
    for (const name of ['zod', 'valibot']) {
      const target = join(root, 'node_modules', name)
      if (!existsSync(target)) symlinkSync(join(WORKSPACE, 'node_modules', name), target)
    }
    writeFiles(root, FILES)
    app = await createTestApp({ root })
  })

  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  for (const vendor of ['zod', 'valibot']) {
    it(`answers 422 with dotted paths for nested objects and arrays (${vendor})`, async () => {
      const response = await app.post(`/api/${vendor}/orders`, { json: BAD_ORDER })
      response.assertInvalid({ 'customer.email': 'valid email', 'items.1.name': 'string', 'items.1.qty': 'positive' })
      const body = response.json<{ message: string; errors: Record<string, string[]> }>()
      assert.deepEqual(Object.keys(body.errors).sort(), ['customer.email', 'items.1.name', 'items.1.qty'])
      assert.equal(body.message, 'Enter a valid email (and 2 more errors)')
      assert.deepEqual(body.errors['customer.email'], ['Enter a valid email'])
    })

    it(`returns the typed output when the input passes (${vendor})`, async () => {
      const response = await app.post(`/api/${vendor}/orders`, { json: GOOD_ORDER })
      response.assertCreated().assertValid()
      assert.equal(response.json().total, 3)
      assert.deepEqual(response.json().data, GOOD_ORDER)
    })
  }

  it('answers a JSON client of a web route with 422 too', async () => {
    const response = await app.post('/contact', { json: { email: 'ada@example.com', name: '' } })
    response.assertInvalid({ name: 'required' })
    assert.equal(response.json().errors.email, undefined)
  })

  it('validates the query string or the route parameters with { from }', async () => {
    ;(await app.get('/search?q=a', { headers: { accept: 'application/json' } })).assertInvalid({ q: 'two letters' })
    const found = await app.get('/search?q=tea&page=3')
    found.assertOk()
    assert.deepEqual(found.json(), { q: 'tea', page: 3 })
    ;(await app.get('/posts/abc', { headers: { accept: 'application/json' } })).assertInvalid({ id: 'digits' })
    assert.deepEqual((await app.get('/posts/12')).assertOk().json(), { id: '12' })
  })

  it('refuses something that is not a Standard Schema with E_VALIDATION_SCHEMA', async () => {
    const before = app.app.reportedErrors.length
    const response = await app.post('/api/not-a-schema', { json: {} })
    response.assertStatus(500)
    const reported = app.app.reportedErrors.slice(before)
    assert.equal(reported.length, 1)
    assert.ok(isMortarError(reported[0]) && reported[0].code === 'E_VALIDATION_SCHEMA')
  })

  it('assertInvalid() fails when a field has no error or another message', async () => {
    const response = await app.post('/api/zod/orders', { json: BAD_ORDER })
    assert.throws(() => response.assertInvalid(['items.0.name']), { name: 'AssertionError', message: /"items.0.name"/ })
    assert.throws(() => response.assertInvalid({ 'customer.email': 'required' }), { name: 'AssertionError' })
    assert.throws(() => response.assertValid(), { name: 'AssertionError' })
    const passed = await app.post('/api/zod/orders', { json: GOOD_ORDER })
    assert.throws(() => passed.assertInvalid(['customer.email']), { name: 'AssertionError', message: /Expected status 422/ })
  })
})

describe('ErrorBag and ValidationError', () => {
  it('answers has, first, get and all by field', () => {
    const bag = new ErrorBag({ email: ['Enter a valid email', 'Too long'], 'items.0.name': ['Required'] })
    assert.equal(bag.has('email'), true)
    assert.equal(bag.has('name'), false)
    assert.equal(bag.has(), true)
    assert.equal(bag.first('email'), 'Enter a valid email')
    assert.equal(bag.first('name'), undefined)
    assert.equal(bag.first(), 'Enter a valid email')
    assert.deepEqual(bag.get('email'), ['Enter a valid email', 'Too long'])
    assert.deepEqual(bag.get('name'), [])
    assert.deepEqual(bag.get(), { email: ['Enter a valid email', 'Too long'], 'items.0.name': ['Required'] })
    assert.deepEqual(bag.all(), ['Enter a valid email', 'Too long', 'Required'])
    assert.equal(bag.count(), 3)
    assert.equal(new ErrorBag().has(), false)
  })

  it('is a 422 HttpError whose message sums up the errors', () => {
    const error = new ValidationError({ email: ['Taken'] })
    assert.equal(error.status, 422)
    assert.equal(error.message, 'Taken')
    assert.equal(new ValidationError({ a: ['One'], b: ['Two'] }).message, 'One (and 1 more error)')
  })
})
