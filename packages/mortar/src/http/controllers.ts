import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Container } from '../container/index.js'
import type { Importer } from '../support/import_file.js'
import { snakeCase } from '../support/names.js'
import { httpErrors } from './errors.js'
import type { ControllerClass, HandlerFunction, RouteHandler } from './route.js'

/** A folder where `'Name@method'` strings look for controllers, and who registered it. */
export interface ControllerFolder {
  owner: string
  path: string
}

const EXTENSIONS = ['.ts', '.js', '.mts', '.mjs']

/**
 * The registered controller folders and the lookup of `'PostController@show'` (Masonite style).
 * `PostController` is looked up as `post_controller`, `PostController` and `post-controller`
 * files; its default export or its export named `PostController` is the class.
 */
export class ControllerRegistry {
  readonly folders: ControllerFolder[] = []

  /** `importer`: the application's, which imports controller files on their first request. */
  constructor(readonly importer: Importer) {}

  add(owner: string, path: string): void {
    this.folders.push({ owner, path })
  }

  /** The file defining a controller, searching the route's own owner's folders first. */
  locate(name: string, owner: string): string | undefined {
    const ordered = [...this.folders.filter((f) => f.owner === owner), ...this.folders.filter((f) => f.owner !== owner)]
    const stems = [snakeCase(name), name, snakeCase(name).replaceAll('_', '-')]
    for (const folder of ordered) {
      for (const stem of stems) {
        for (const extension of EXTENSIONS) {
          const file = join(folder.path, stem + extension)
          if (existsSync(file)) return file
        }
      }
    }
    return undefined
  }

  /**
   * Turns a route handler into a function of the context. String handlers are located now, so a
   * missing controller stops the start; the file itself is imported on the first request.
   */
  compile(handler: RouteHandler, owner: string, container: Container, where: string): HandlerFunction {
    if (typeof handler === 'function') return handler
    if (typeof handler === 'string') {
      const [name, method] = handler.split('@') as [string, string]
      const file = this.locate(name, owner)
      if (!file) {
        const searched = this.folders.map((f) => f.path).join(', ') || 'none registered'
        throw httpErrors.E_CONTROLLER_NOT_FOUND(`${where}: controller "${name}" was not found (searched ${searched})`, {
          hint: `Create ${snakeCase(name)}.ts exporting class ${name} in app/controllers.`,
        })
      }
      let bound: HandlerFunction | undefined
      return async (ctx) => {
        if (!bound) {
          const module = await this.importer.import(file)
          const controller = module[name] ?? module.default
          if (typeof controller !== 'function') {
            throw httpErrors.E_CONTROLLER_NOT_FOUND(`${where}: ${file} exports no class ${name} (named or default)`)
          }
          bound = bindMethod(controller as ControllerClass, method, container, where)
        }
        return bound(ctx)
      }
    }
    return bindMethod(handler[0], handler[1], container, where)
  }
}

function bindMethod(controller: ControllerClass, method: string, container: Container, where: string): HandlerFunction {
  if (typeof controller.prototype?.[method] !== 'function') {
    throw httpErrors.E_CONTROLLER_METHOD(where, controller.name, method)
  }
  let instance: Record<string, HandlerFunction> | undefined
  return (ctx) => {
    instance ??= container.make(controller) as Record<string, HandlerFunction>
    return instance[method](ctx)
  }
}
