import { Route } from 'mortar'

/** The routes of this file are in the `api` group: stateless, authenticated by personal access tokens. */
export const group = 'api'

export default [Route.get('/api/user', 'ApiUserController@show').name('auth.api.user').middleware('auth')]
