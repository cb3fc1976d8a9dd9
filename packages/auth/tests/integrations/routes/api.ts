import { ability } from '@mortar/auth'
import { Route } from 'mortar'

// Routes in this file are served under /api, in the `api` group: stateless, and `auth` reads a
// personal access token (Authorization: Bearer <id>|<secret>).
export default [
  Route.get('/health', () => ({ status: 'ok' })).name('api.health'),
  Route.get('/notes', (ctx) => ({ data: [], user: ctx.auth.user?.email }))
    .name('api.notes.index')
    .middleware('auth', ability('read')),
  Route.post('/notes', () => ({ data: { saved: true } }))
    .name('api.notes.store')
    .middleware('auth', ability('write')),
]
