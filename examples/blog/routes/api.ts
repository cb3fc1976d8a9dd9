import { Route } from 'mortar'

/** These routes are in the `api` group: errors answer as JSON. */
export const group = 'api'

export default [
  Route.get('/api/blog/posts', 'PostController@list').name('blog.api.posts.index'),
  Route.post('/api/blog/posts', 'PostController@store').name('blog.api.posts.store'),
]
