import { Route } from 'mortar'

// Routes in this file are served under /api, in the `api` middleware group (errors answer as JSON).
export default [Route.get('/health', () => ({ status: 'ok' })).name('api.health')]
