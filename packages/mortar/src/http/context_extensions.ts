import { HttpContext } from './context.js'
import { httpErrors } from './errors.js'

const defined = new Set<string>()

/**
 * Puts a lazy getter for `name` on HttpContext: on first use in a request it calls the factory
 * the request's application registered with `app.extendContext()` and keeps the value for the
 * rest of the request. A name HttpContext already has is E_CONTEXT_EXTENSION.
 */
export function defineContextMember(name: string): void {
  if (defined.has(name)) return
  if (name in HttpContext.prototype || ['app', 'hono', 'routeName', 'state', 'statusCode'].includes(name)) {
    throw httpErrors.E_CONTEXT_EXTENSION(`ctx.${name} is part of Mortar's HttpContext and cannot be replaced by an extension`, {
      hint: 'Give the extension another name.',
    })
  }
  defined.add(name)
  Object.defineProperty(HttpContext.prototype, name, {
    configurable: true,
    get(this: HttpContext) {
      const factory = this.app.contextMember(name)
      const value = factory ? factory(this) : undefined
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true })
      return value
    },
  })
}
