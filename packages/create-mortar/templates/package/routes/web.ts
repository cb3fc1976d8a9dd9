import { Route } from 'mortar'

// Served in the app's `web` group. An app can mount these routes under a prefix, or leave them
// out, in its config/providers.ts, without editing the package.
export default [Route.get('/__name__', '__Name__Controller@index').name('__name__.index')]
