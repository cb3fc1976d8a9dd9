import { Route } from 'mortar'

export default [
  Route.get('/blog', 'PostController@index').name('blog.index'),
  Route.get('/blog/posts/:id', 'PostController@show').name('blog.posts.show'),
]
