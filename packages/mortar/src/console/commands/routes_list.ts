import { describeHandler } from '../../http/route.js'
import { Command } from '../command.js'

/** `craft routes:list`: every route with its method, path, name, handler, middleware and source. */
export class RoutesList extends Command {
  static override signature = 'routes:list {--json : print JSON instead of a table}'
  static override description = 'List every route: method, path, name, handler, middleware, and which package added it'

  handle() {
    const routes = this.app.routes.all().map((route) => ({
      method: route.methods.filter((m) => m !== 'HEAD' || !route.methods.includes('GET')).join('|'),
      path: route.path,
      name: route.name ?? '',
      handler: describeHandler(route.handler),
      // Groups show what is in them, and a package's middleware the package that added it.
      middleware: this.app.middleware.listing(route.middleware),
      source: route.owner,
    }))
    if (this.option('json')) {
      this.line(JSON.stringify(routes, null, 2))
      return
    }
    if (routes.length === 0) {
      this.line('No routes.')
      return
    }
    this.table(
      ['Method', 'Path', 'Name', 'Handler', 'Middleware', 'Source'],
      routes.map((r) => [r.method, r.path, r.name, r.handler, r.middleware, r.source]),
    )
  }
}
