import { Route } from 'mortar'

/**
 * Writing and editing posts. The package guards nothing itself: the app decides who may, e.g. in
 * config/providers.ts `packages: { blog: { routes: { 'routes/admin.ts': { middleware: ['auth'] } } } }`.
 */
export default [
  Route.get('/blog/admin', 'AdminController@index').name('blog.admin.index'),
  Route.get('/blog/admin/posts/new', 'AdminController@create').name('blog.admin.create'),
  Route.post('/blog/admin/posts', 'AdminController@store').name('blog.admin.store'),
  Route.get('/blog/admin/posts/:id/edit', 'AdminController@edit').name('blog.admin.edit'),
  Route.put('/blog/admin/posts/:id', 'AdminController@update').name('blog.admin.update'),
  Route.delete('/blog/admin/posts/:id', 'AdminController@destroy').name('blog.admin.destroy'),
]
