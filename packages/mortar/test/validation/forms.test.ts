// A form that fails ctx.validate() through HTTP and mortar/testing: sent back (303) with the
// errors and the old input flashed (never passwords, confirmations, _token or `except` fields),
// shown by the page it returns to through errors, old() and flash(); the same schema answering
// 422 on an API route; and the test app sending the session's CSRF token with a form.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from 'mortar/testing'
import { writeFiles } from '../core/support.js'
import { createTempApp, removeTempApp } from '../support/temp_app.js'

const FILES: Record<string, string> = {
  'app/contact.ts': `import * as v from 'valibot'

export const contact = v.object({
  email: v.pipe(v.string(), v.email('Enter a valid email')),
  name: v.pipe(v.string(), v.minLength(1, 'The name is required')),
  password: v.optional(v.string()),
})
`,
  'routes/web.ts': `import { Route, view } from 'mortar'
import { contact } from '../app/contact.js'

export default [
  Route.get('/contact', () => view('contact')).name('contact'),
  Route.post('/contact', async (ctx) => {
    const input = await ctx.validate(contact, { except: ['secret_note'] })
    return ctx.redirect().route('contact').with('status', \`Thanks, \${input.name}\`)
  }),
]
`,
  'routes/api.ts': `import { Route } from 'mortar'
import { contact } from '../app/contact.js'

export default [Route.post('/contact', async (ctx) => ({ data: await ctx.validate(contact) }))]
`,
  'templates/contact.edge': `<form method="post" action="/contact">
  {{ csrfField() }}
  <input name="email" value="{{ old('email') }}">
  @if(errors.has('email'))
    <p class="error">{{ errors.first('email') }}</p>
  @end
  <input name="name" value="{{ old('name', 'Your name') }}">
  @if(errors.has('name'))
    <p class="error">{{ errors.first('name') }}</p>
  @end
  <input type="password" name="password" value="{{ old('password') }}">
  <input name="secret_note" value="{{ old('secret_note') }}">
</form>
<p class="count">{{ errors.all().length }} errors</p>
<p class="status">{{ flash('status', 'no news') }}</p>
`,
}

const BAD_FORM = {
  email: 'nope',
  name: '',
  password: 'hunter2',
  password_confirmation: 'hunter2',
  secret_note: 'launch codes',
}

describe('a form that fails validation', () => {
  let root: string
  let app: TestApp

  before(async () => {
    root = createTempApp({ name: 'forms' })
    writeFiles(root, FILES)
    // The CSRF check on, as in production: the test app sends the session's token with each form.
    app = await createTestApp({ root, csrf: true })
  })

  after(async () => {
    await app?.close()
    removeTempApp(root)
  })

  it('is sent back with 303, the errors and the old input flashed, never passwords, confirmations, _token or except fields', async () => {
    ;(await app.get('/contact')).assertOk().assertSee('0 errors')
    // Back to where the browser came from (its Referer, on this site).
    const response = await app.post('/contact', { form: BAD_FORM, headers: { referer: 'http://127.0.0.1/contact' } })
    response.assertStatus(303).assertRedirect('/contact')
    response.assertSessionHasErrors({ email: 'valid email', name: 'required' })
    assert.throws(() => response.assertSessionHasErrors(['password']), { name: 'AssertionError' })
    assert.deepEqual(response.session?._old_input, { email: 'nope', name: '' })
  })

  it('shows the errors and refills the fields on the page it returns to', async () => {
    // The session records the page the form was on; back() goes there.
    await app.get('/contact')
    const page = await app.post('/contact', { form: BAD_FORM, followRedirects: true })
    page.assertOk().assertSee('<input name="email" value="nope">').assertSee('<p class="error">Enter a valid email</p>')
    page.assertSee('<p class="error">The name is required</p>').assertSee('2 errors')
    page.assertSee('<input name="name" value="">')
    page.assertSee('<input type="password" name="password" value="">').assertDontSee('hunter2').assertDontSee('launch codes')
    // Flashed for one request: the next visit starts clean.
    ;(await app.get('/contact')).assertSee('0 errors').assertSee('<input name="email" value="">').assertSee('value="Your name"')
  })

  it('goes on when the input passes, and flash() shows what the handler flashed', async () => {
    const sent = await app.post('/contact', { form: { email: 'ada@example.com', name: 'Ada' } })
    sent.assertStatus(303).assertRedirect('/contact').assertSessionHasNoErrors()
    const page = await app.post('/contact', { form: { email: 'ada@example.com', name: 'Ada' }, followRedirects: true })
    page.assertOk().assertSee('<p class="status">Thanks, Ada</p>').assertSee('0 errors')
  })

  it('answers 422 with the same schema on an API route, and to a JSON client of the web route', async () => {
    ;(await app.post('/api/contact', { json: { email: 'nope', name: '' } })).assertInvalid({ email: 'valid email', name: 'required' })
    ;(await app.post('/api/contact', { json: { email: 'ada@example.com', name: 'Ada' } })).assertOk()
    const token = await app.csrfToken()
    ;(await app.post('/contact', { json: { email: 'nope', name: 'Ada' }, headers: { 'x-csrf-token': token } })).assertInvalid(['email'])
  })

  it('sends the session CSRF token with a form unless withoutCsrf()', async () => {
    ;(await app.withoutCsrf().post('/contact', { form: { email: 'ada@example.com', name: 'Ada' } })).assertStatus(419)
    // Only that request went without it.
    ;(await app.post('/contact', { form: { email: 'ada@example.com', name: 'Ada' } })).assertStatus(303)
  })
})
