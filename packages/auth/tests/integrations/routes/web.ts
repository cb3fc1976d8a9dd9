import { Route } from 'mortar'

export default [
  Route.get('/', 'WelcomeController@show').name('welcome'),
  // A page only signed-in users see: guests are sent to /login and come back here after it.
  Route.get('/dashboard', (ctx) => ctx.html(`<h1>Dashboard of ${ctx.auth.user?.name}</h1>`))
    .name('dashboard')
    .middleware('auth'),
]
