import { Route } from 'mortar'

export default [Route.get('/', 'WelcomeController@show').name('welcome')]
