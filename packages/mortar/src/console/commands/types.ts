import { relative } from 'node:path'
import { appTypesPath, writeAppTypes } from '../../typegen/app_types.js'
import { Command } from '../command.js'

/**
 * `craft types`: writes `.mortar/types.d.ts`, so that in the app `config('blog.per_page')` has
 * the package's type and `view()`, `route()` and `t()` accept only names that exist.
 */
export class Types extends Command {
  static override signature = 'types'
  static override description = 'Write .mortar/types.d.ts: typed config keys, and checked view, route and translation names'

  async handle() {
    const wrote = await writeAppTypes(this.app)
    const path = relative(this.root, appTypesPath(this.root))
    this.line(wrote ? `${this.paint('green', 'written')}      ${path}` : `${this.paint('dim', 'unchanged')}    ${path}`)
  }
}
