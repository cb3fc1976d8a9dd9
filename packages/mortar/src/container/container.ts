import { containerErrors } from './errors.js'

/**
 * A key for a container binding. A class is its own key; a `token<T>('name')` gives a typed key
 * for values that are not classes.
 */
export type BindingKey<T = unknown> = (abstract new (...args: never[]) => T) | Token<T>

/** A typed key for values that are not classes (a Kysely instance, a config object). */
export interface Token<T> {
  readonly description: string
  /** Carries the type only; never set. */
  readonly __type?: T
}

/** Makes a typed container key. `const Mailer = token<MailerContract>('mailer')` */
export function token<T>(description: string): Token<T> {
  return Object.freeze({ description }) as Token<T>
}

type Factory<T> = (container: Container) => T

interface Binding<T> {
  factory: Factory<T>
  shared: boolean
  instance?: T
  resolved: boolean
}

/**
 * The service container: providers bind services in `register()`, and anything resolves them by
 * key afterwards.
 *
 * @example
 * app.container.singleton(Mailer, () => new Mailer(config('mail')))
 * const mailer = app.container.make(Mailer)
 */
export class Container {
  readonly #bindings = new Map<BindingKey<unknown>, Binding<unknown>>()

  /** A factory called on every `make()`. */
  bind<T>(key: BindingKey<T>, factory: Factory<T>): this {
    this.#bindings.set(key, { factory, shared: false, resolved: false })
    return this
  }

  /** A factory called once, on the first `make()`; later calls get the same value. */
  singleton<T>(key: BindingKey<T>, factory: Factory<T>): this {
    this.#bindings.set(key, { factory, shared: true, resolved: false })
    return this
  }

  /** An already-built value. */
  instance<T>(key: BindingKey<T>, value: T): this {
    this.#bindings.set(key, { factory: () => value, shared: true, instance: value, resolved: true })
    return this
  }

  has(key: BindingKey<unknown>): boolean {
    return this.#bindings.has(key)
  }

  /**
   * Resolves a key. An unbound class with a no-argument constructor is built on the spot (so
   * controllers need no binding); anything else unbound is an error naming the key.
   */
  make<T>(key: BindingKey<T>): T {
    const binding = this.#bindings.get(key) as Binding<T> | undefined
    if (binding) {
      if (!binding.shared) return binding.factory(this)
      if (!binding.resolved) {
        binding.instance = binding.factory(this)
        binding.resolved = true
      }
      return binding.instance as T
    }
    if (typeof key === 'function') return new (key as unknown as new () => T)()
    throw containerErrors.E_BINDING_MISSING(keyName(key))
  }
}

function keyName(key: BindingKey<unknown>): string {
  return typeof key === 'function' ? key.name : key.description
}
