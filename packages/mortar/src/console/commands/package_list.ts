import { declaredParts } from '../../packages/declarations.js'
import { readLedger } from '../../publishing/index.js'
import { Command } from '../command.js'

/** `craft package:list`: each package with its npm name, version, resources and what is published. */
export class PackageList extends Command {
  static override signature = 'package:list {--json : print JSON}'
  static override description = 'List the installed packages: name, npm name and version, resources, what is published'

  async handle() {
    const ledger = await readLedger(this.root)
    const rows = this.app.packages.all().map((loaded) => {
      // Routes count the routes mounted, not the route files.
      const routes = this.app.routes.all().filter((route) => route.owner === loaded.name).length
      const resources = declaredParts(loaded.definition).map(({ label, count, counted }) =>
        counted ? `${label}(${label === 'routes' ? routes : count})` : label,
      )
      const published = Object.values(ledger.files).filter((entry) => entry.package === loaded.name)
      const byResource = new Map<string, number>()
      for (const entry of published) byResource.set(entry.resource, (byResource.get(entry.resource) ?? 0) + 1)
      return {
        name: loaded.name,
        npm: loaded.npm?.npmName ?? '(local provider)',
        version: loaded.version,
        linked: Boolean(loaded.npm?.linked),
        // Only devDependencies lead to it: loaded in development and test only.
        ...(loaded.npm?.dev ? { dev: true } : {}),
        resources,
        published: Object.fromEntries(byResource),
      }
    })
    if (this.option('json')) {
      this.line(JSON.stringify(rows, null, 2))
      return
    }
    if (rows.length === 0) {
      this.line('No packages installed. Install one with craft package:install <npm-name>.')
      return
    }
    this.table(
      ['Name', 'npm', 'Version', 'Resources', 'Published'],
      rows.map((row) => [
        row.name,
        row.npm,
        row.version + (row.linked ? ' (linked)' : '') + ('dev' in row ? ' (dev)' : ''),
        row.resources.join(', '),
        Object.entries(row.published)
          .map(([resource, count]) => `${resource}(${count})`)
          .join(', ') || '—',
      ]),
    )
  }
}
