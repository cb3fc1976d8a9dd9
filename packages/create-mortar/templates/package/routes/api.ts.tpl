import { Route } from 'mortar'

/** The routes of this file are in the `api` group: errors answer as JSON. */
export const group = 'api'

{{#if migrations}}
export default [
  Route.get('/api/__name__/items', '__Name__Controller@list').name('__name__.api.items.index'),
  Route.post('/api/__name__/items', '__Name__Controller@store').name('__name__.api.items.store'),
]
{{else}}
export default [Route.post('/api/__name__/items', '__Name__Controller@store').name('__name__.api.items.store')]
{{/if}}
