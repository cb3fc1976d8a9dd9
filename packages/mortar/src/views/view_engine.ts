import { existsSync, realpathSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import type { Edge } from 'edge.js'
import type { MortarError } from '../errors.js'
import type { HttpContext } from '../http/context.js'
import { currentRequest } from '../http/request_scope.js'
import { packageErrors } from '../packages/errors.js'
import { isInside } from '../support/paths.js'
import { viewErrors } from './errors.js'
import { adoptEdgeSafeValue, html, type SafeHtml } from './html.js'
import { requestViewData, type ViewDataSharer } from './request_data.js'

/** A view namespace: a package's templates, with the app's override folder checked first. */
export interface ViewNamespace {
  name: string
  /** The owner's folder (a package's `templates/`). */
  path: string
  /** Checked first, file by file: `<app>/templates/vendor/<name>/`. */
  overridePath: string
}

/**
 * Resolves view names to files. `welcome` and `admin.index` (or `admin/index`) are the app's
 * own, under `templates/`; `blog:admin.index` is the `blog` namespace's `admin/index.edge`,
 * taken from the override folder when the app has that one file there, else from the package.
 */
class ViewResolver {
  readonly namespaces = new Map<string, ViewNamespace>()
  readonly #resolved = new Map<string, string>()

  constructor(
    readonly appTemplates: string,
    readonly cacheResolutions: boolean,
  ) {}

  makePath(templatePath: string): string {
    if (isAbsolute(templatePath)) return templatePath
    const cached = this.#resolved.get(templatePath)
    if (cached) return cached
    const resolved = this.#resolve(templatePath)
    if (this.cacheResolutions) this.#resolved.set(templatePath, resolved)
    return resolved
  }

  #resolve(templatePath: string): string {
    const match = /^([a-z0-9_-]+)::?(.+)$/.exec(templatePath)
    if (!match) {
      const file = join(this.appTemplates, toFile(templatePath))
      if (!existsSync(file)) throw notFound(templatePath, [file])
      return file
    }
    const [, name, rest] = match as unknown as [string, string, string]
    const namespace = this.namespaces.get(name)
    if (!namespace) {
      // Mortar's own namespace is not one a user would have meant.
      const known = [...this.namespaces.keys()].filter((known) => known !== 'mortar')
      throw viewErrors.E_VIEW_NAMESPACE(templatePath, name, known)
    }
    const file = toFile(rest)
    const candidates = [join(namespace.overridePath, file), join(namespace.path, file)]
    const found = candidates.find((file) => existsSync(file))
    if (!found) throw notFound(templatePath, candidates)
    // A package's view that is a link out of its folder is refused, like its other resources.
    if (found.startsWith(namespace.path) && !isInside(realpathSync(namespace.path), realpathSync(found))) {
      throw packageErrors.E_PACKAGE_PATH_ESCAPE(
        `View "${templatePath}" of package "${name}": ${relative(namespace.path, found)} links to ${realpathSync(found)}, outside the package`,
        {
          hint: 'Remove the link from the package, or ask its author to.',
        },
      )
    }
    return found
  }
}

/** `admin.index` → `admin/index.edge`; `admin/index.edge` stays. */
function toFile(name: string): string {
  const stem = name.endsWith('.edge') ? name.slice(0, -5) : name
  return `${stem.replaceAll('.', '/')}.edge`
}

function notFound(name: string, searched: string[]): MortarError {
  return viewErrors.E_VIEW_NOT_FOUND(name, searched)
}

/**
 * The application's views, rendered by Edge. Output of `{{ value }}` is HTML-escaped; raw output
 * needs the explicit `{{{ value }}}`.
 *
 * @example
 * await app.views.render('blog:posts.show', { post })
 */
export class ViewEngine {
  readonly #resolver: ViewResolver
  readonly #globals = new Map<string, unknown>()
  readonly #sharers: ViewDataSharer[] = []
  readonly #cache: boolean
  #edge?: Promise<Edge>
  #loaded?: Edge

  constructor(
    readonly templatesPath: string,
    options: { cache: boolean },
  ) {
    this.#resolver = new ViewResolver(templatesPath, options.cache)
    this.#cache = options.cache
  }

  /** Whether Edge has been loaded (it is, on the first render; never before). */
  get loaded(): boolean {
    return this.#loaded !== undefined
  }

  /** `value` marked safe, so `{{ }}` prints it as it is (for helpers that render HTML, such as `csrfField()`); see `html()`. */
  safe(value: string): SafeHtml {
    return html(value)
  }

  /** Registers a namespace; `overridePath` is checked first for each file. */
  namespace(name: string, path: string, overridePath: string): void {
    this.#resolver.namespaces.set(name, { name, path, overridePath })
  }

  namespaces(): ViewNamespace[] {
    return [...this.#resolver.namespaces.values()]
  }

  /** A value every template can use, such as `route` or `config`. */
  global(name: string, value: unknown): void {
    this.#globals.set(name, value)
    // Before Edge is loaded, engine() hands it every global kept here.
    if (this.#loaded) addGlobals(this.#loaded, [[name, value]])
  }

  /**
   * Adds data to every view rendered for a request, computed per request: what a package
   * shares with the app's templates (the signed-in user, a CSRF field). Later sharers win.
   *
   * @example
   * this.app.views.share((ctx) => ({ user: ctx.state.user }))
   */
  share(sharer: ViewDataSharer): void {
    this.#sharers.push(sharer)
  }

  /**
   * Renders a view (`welcome`, `blog:posts.show`) with `data` to HTML. With a request (`ctx`,
   * or the current one in a route that runs `session`), templates also get `request`, `errors` and what
   * `share()` added; `data` wins over them.
   */
  render(name: string, data: Record<string, unknown> = {}, ctx: HttpContext | undefined = currentRequest()): Promise<string> {
    if (ctx) return this.#renderForRequest(name, data, ctx)
    // Once Edge is loaded its render is called directly: awaiting the loaded engine again on
    // every render would add a promise and microtask turns to each page.
    const edge = this.#loaded
    if (!edge) return this.engine().then((edge) => edge.render(name, data))
    try {
      return edge.render(name, data)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #renderForRequest(name: string, data: Record<string, unknown>, ctx: HttpContext): Promise<string> {
    const edge = this.#loaded ?? (await this.engine())
    const shared = await requestViewData(ctx, this.#sharers)
    // Shared (not passed as state) so that components and partials see it too.
    return edge.createRenderer().share(shared).render(name, data)
  }

  /**
   * The Edge instance, created on the first render: Edge and its parser take a third of a
   * second to import, which commands that render nothing should not pay.
   */
  engine(): Promise<Edge> {
    this.#edge ??= import('edge.js').then(({ Edge, edgeGlobals }) => {
      adoptEdgeSafeValue(edgeGlobals.html.safe)
      const edge = Edge.create({ cache: this.#cache })
      edge.mount('default', this.templatesPath)
      // Edge's loader does not export its class; its resolve() calls this.makePath, so replacing
      // that one method on the instance puts our lookup (namespaces, overrides) under Edge.
      edge.loader.makePath = (templatePath: string) => this.#resolver.makePath(templatePath)
      addGlobals(edge, this.#globals)
      this.#loaded = edge
      return edge
    })
    return this.#edge
  }
}

/**
 * Adds globals to Edge by giving it a new globals object. Edge's own `global()` adds each one by
 * key, which turns the object into a slow (dictionary-mode) one, and every render copies it.
 */
function addGlobals(edge: Edge, globals: Iterable<readonly [string, unknown]>): void {
  edge.globals = { ...edge.globals, ...Object.fromEntries(globals) }
}
