import { PackageProvider } from 'mortar'
{{#if commands}}
import { HelloCommand } from './commands/hello.js'
{{/if}}

/**
 * What __npmName__ adds to a Mortar application. The app discovers this provider through the
 * "mortar" field of package.json; each call below declares one kind of resource, with paths
 * relative to the package root.
 */
export default class __Name__Provider extends PackageProvider {
  override configure() {
{{#if config|views|migrations|routes|assets|commands}}
    this.root(import.meta.url, '..')
      .name('__name__')
{{#if config}}
      .config('config/__name__.ts', { publish: true })
{{/if}}
{{#if views}}
      .views('templates', { publish: true })
{{/if}}
{{#if migrations}}
      .migrations('migrations/create___snake___items_table.ts')
{{/if}}
{{#if routes}}
      .controllers('controllers')
      .routes('routes/web.ts', 'routes/api.ts')
{{/if}}
{{#if assets}}
      .assets('assets')
{{/if}}
{{#if commands}}
      .commands(HelloCommand)
{{/if}}
{{else}}
    this.root(import.meta.url, '..').name('__name__')
{{/if}}
  }

  /** Binds the package's services into the app's container (`this.app.container`). */
  override register() {}

  /** Runs once every provider has registered: use other services, add middleware or view globals. */
  override boot() {}
}
