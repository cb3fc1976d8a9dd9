import { Route } from 'mortar'

// Routes in this file are served under /api, in the `api` middleware group (errors answer as JSON).
// Validate input with a valibot schema (any Standard Schema works); a failure answers 422:
//   import * as v from 'valibot'
//   const NewPost = v.object({ title: v.pipe(v.string(), v.minLength(1, 'The title is required')) })
//   Route.post('/posts', async (ctx) => ctx.json({ data: await ctx.validate(NewPost) }, 201)),
export default [Route.get('/health', () => ({ status: 'ok' })).name('api.health')]
