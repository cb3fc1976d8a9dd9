import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { IntlMessageFormat as MessageFormat } from 'intl-messageformat'
import { isPlainObject } from '../config/merge.js'
import { MortarError } from '../errors.js'
import { i18nErrors } from './errors.js'

/** Values put into a message: `{ count: 3, name: 'Ada' }` for `{count, plural, …}` and `{name}`. */
export type TranslationParams = Record<string, string | number | boolean | Date | null | undefined>

/** Where one namespace's messages live: the owner's folder and the app's override folder. */
interface MessageSource {
  /** `lang/` of the app, or a package's translations folder. */
  path: string
  /** Checked first, key by key: `<app>/lang/vendor/<name>/` (packages only). */
  overridePath?: string
}

type Messages = Record<string, unknown>

// intl-messageformat is loaded on the first message formatted, not at start-up.
let formatClass: typeof MessageFormat | undefined
function messageFormat(): typeof MessageFormat {
  formatClass ??= (createRequire(import.meta.url)('intl-messageformat') as { IntlMessageFormat: typeof MessageFormat }).IntlMessageFormat
  return formatClass
}

/**
 * The application's translations: the app's messages in `lang/<locale>/<file>.json`, and each
 * package's under its name, with the app's `lang/vendor/<name>/<locale>/<file>.json` merged over
 * them key by key. Messages are ICU MessageFormat (plurals, selects, numbers, dates), formatted
 * by intl-messageformat.
 *
 * Keys: `posts.title` is `title` in the app's `posts.json`; `blog:posts.title` is `title` in the
 * blog package's `posts.json`; deeper keys (`posts.form.title`) follow nested objects.
 *
 * @example
 * app.translator.t('blog:posts.count', { count: 3 }, 'fr')
 */
export class Translator {
  readonly #sources = new Map<string, MessageSource>()
  readonly #files = new Map<string, Messages>()
  readonly #formats = new Map<string, MessageFormat>()
  readonly #warned = new Set<string>()
  #locales?: string[]

  constructor(
    appLang: string,
    readonly options: {
      /** The default locale (`app.locale`). */
      locale: string
      /** Tried when the locale has no such message (`app.fallbackLocale`). */
      fallbackLocale: string
      /** Called once per missing key (development warns). */
      onMissing?: (key: string, locale: string) => void
    },
  ) {
    this.#sources.set('', { path: appLang })
  }

  /** Registers a package's translations folder, with the app's override folder checked first. */
  namespace(name: string, path: string, overridePath: string): void {
    this.#sources.set(name, { path, overridePath })
    this.#locales = undefined
  }

  /** The locales any source has a folder for, sorted. */
  locales(): string[] {
    if (!this.#locales) {
      const found = new Set<string>([this.options.locale])
      for (const source of this.#sources.values()) {
        for (const folder of [source.path, source.overridePath]) for (const locale of subfolders(folder)) found.add(locale)
      }
      this.#locales = [...found].sort()
    }
    return this.#locales
  }

  /** True when the key has a message in the locale or the fallback locale. */
  has(key: string, locale = this.options.locale): boolean {
    return this.#message(key, locale) !== undefined || this.#message(key, this.options.fallbackLocale) !== undefined
  }

  /**
   * The formatted message. A key with no message in the locale nor in the fallback locale gives
   * the key itself (and `onMissing` is called once for it).
   */
  t(key: string, params: TranslationParams = {}, locale = this.options.locale): string {
    let used = locale
    let message = this.#message(key, locale)
    if (message === undefined && locale !== this.options.fallbackLocale) {
      used = this.options.fallbackLocale
      message = this.#message(key, used)
    }
    if (message === undefined) {
      if (!this.#warned.has(`${locale}\0${key}`)) {
        this.#warned.add(`${locale}\0${key}`)
        this.options.onMissing?.(key, locale)
      }
      return key
    }
    try {
      return String(this.#format(key, used, message).format(params as Record<string, string>))
    } catch (error) {
      if (error instanceof MortarError) throw error
      throw i18nErrors.E_TRANSLATION_INVALID(`Translation "${key}" (${used}) could not be formatted: ${(error as Error).message}`, {
        hint: 'Pass every value the message names, e.g. t(key, { count: 3 }).',
      })
    }
  }

  /**
   * The best of the available locales for an `Accept-Language` header (`fr-CH, fr;q=0.9, en;q=0.8`):
   * an exact tag first, then its language alone; `undefined` when none matches.
   */
  negotiate(acceptLanguage: string | undefined): string | undefined {
    if (!acceptLanguage) return undefined
    const available = this.locales()
    const lower = new Map(available.map((locale) => [locale.toLowerCase(), locale]))
    const ranked = acceptLanguage
      .split(',')
      .map((part, index) => {
        const [tag = '', ...rest] = part.trim().split(';')
        const q = Number(
          rest
            .find((param) => param.trim().startsWith('q='))
            ?.trim()
            .slice(2) ?? 1,
        )
        return { tag: tag.trim().toLowerCase().replace('_', '-'), q: Number.isFinite(q) ? q : 0, index }
      })
      .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index)
    for (const { tag } of ranked) {
      const found = lower.get(tag) ?? lower.get(tag.split('-')[0] as string)
      if (found) return found
    }
    return undefined
  }

  /** The message text for a key in one locale: the app's override key first, then the owner's. */
  #message(key: string, locale: string): string | undefined {
    const match = /^(?:([a-z0-9_-]+):)?([^.]+)\.(.+)$/.exec(key)
    if (!match) return undefined
    const [, name = '', file = '', path = ''] = match
    const source = this.#sources.get(name)
    if (!source) return undefined
    for (const folder of [source.overridePath, source.path]) {
      if (!folder) continue
      const value = dig(this.#read(join(folder, locale, `${file}.json`)), path)
      if (typeof value === 'string') return value
    }
    return undefined
  }

  #read(file: string): Messages {
    const cached = this.#files.get(file)
    if (cached) return cached
    let messages: Messages = {}
    let text: string | undefined
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      // No such file: no messages there.
    }
    if (text !== undefined) {
      try {
        const parsed: unknown = JSON.parse(text)
        if (!isPlainObject(parsed)) throw new Error('it must hold a JSON object of messages')
        messages = parsed
      } catch (error) {
        throw i18nErrors.E_TRANSLATION_INVALID(`Cannot read translations ${file}: ${(error as Error).message}`, {
          hint: 'Fix the JSON: an object whose values are ICU messages (strings) or nested objects.',
        })
      }
    }
    this.#files.set(file, messages)
    return messages
  }

  #format(key: string, locale: string, message: string): MessageFormat {
    const id = `${locale}\0${key}`
    let format = this.#formats.get(id)
    if (!format) {
      try {
        const Format = messageFormat()
        format = new Format(message, locale)
      } catch (error) {
        throw i18nErrors.E_TRANSLATION_INVALID(`Translation "${key}" (${locale}) is not a valid ICU message: ${(error as Error).message}`, {
          hint: 'Check its braces and plural/select syntax, e.g. {count, plural, one {# post} other {# posts}}.',
        })
      }
      this.#formats.set(id, format)
    }
    return format
  }
}

function dig(messages: Messages, path: string): unknown {
  if (path in messages) return messages[path]
  let current: unknown = messages
  for (const part of path.split('.')) {
    if (!isPlainObject(current) || !(part in current)) return undefined
    current = current[part]
  }
  return current
}

function subfolders(folder: string | undefined): string[] {
  if (!folder) return []
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'vendor')
      .map((entry) => entry.name)
  } catch {
    return []
  }
}
