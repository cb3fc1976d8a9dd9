import { normaliseDestination, type PublishableResource } from '../publishing/index.js'

/**
 * An env value a recipe adds: a literal, or `{ generate: 'secret' }` for a fresh secret per app.
 *
 * @example
 * const env: Record<string, EnvValue> = { BLOG_PER_PAGE: '20', BLOG_WEBHOOK_SECRET: { generate: 'secret' } }
 */
export type EnvValue = string | { generate: 'secret' }

/**
 * When `craft package:install` runs the package's migrations: `ask` (in a terminal, or with
 * `--yes`), `run`, or `skip` (the user runs `craft migrate`).
 *
 * @example
 * const migrate: MigrateMode = 'run'
 */
export type MigrateMode = 'ask' | 'run' | 'skip'

/**
 * A package's install recipe, passed to `.install({ … })` in `configure()`: what
 * `craft package:install` does to the app and `craft package:remove` undoes (docs/packages/install.md).
 *
 * @example
 * const recipe: InstallOptions = {
 *   env: { HONEYPOT_SECONDS: '2' },
 *   stubs: { 'stubs/contact_controller.ts': 'app/controllers/contact_controller.ts' },
 *   notes: 'Add @include("honeypot:fields") to your forms.',
 * }
 */
export interface InstallOptions {
  /** Variables added to `.env` and `.env.example` in one block for the package. */
  env?: Record<string, EnvValue>
  /** Resources published on install (default: the config). */
  publish?: PublishableResource[]
  /** Files copied once into the app (package path → app path), owned by the app from then on. */
  stubs?: Record<string, string>
  /** Whether install runs the package's migrations: `ask` (default), `run` or `skip`. */
  migrate?: MigrateMode
  /** Other Mortar packages (npm specs) installed first, each with its own recipe. */
  requires?: string[]
  /** Printed at the end of the install. */
  notes?: string
}

/** The recipe as the provider keeps it: stub sources are absolute and checked to be in the package. */
export interface InstallRecipe {
  env: Record<string, EnvValue>
  stubs: { source: string; destination: string }[]
  migrate: MigrateMode
  requires: string[]
}

const ENV_KEY = /^[A-Z_][A-Z0-9_]*$/

/** Why `.install()` options are invalid, or undefined. */
export function recipeProblem(options: InstallOptions): string | undefined {
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (!ENV_KEY.test(key)) return `env key "${key}" must be upper-case letters, digits and _`
    const generated = typeof value === 'object' && value !== null && value.generate === 'secret'
    if (typeof value !== 'string' && !generated) return `env "${key}" must be a string or { generate: 'secret' }`
    if (typeof value === 'string' && /[\r\n]/.test(value)) return `env "${key}" must be one line`
  }
  for (const destination of Object.values(options.stubs ?? {})) {
    if (
      typeof destination !== 'string' ||
      normaliseDestination(destination) !== destination ||
      destination.startsWith('.mortar/') ||
      destination.startsWith('node_modules/')
    ) {
      return `stub destination ${JSON.stringify(destination)} must be a relative path inside the app, like app/controllers/x.ts`
    }
  }
  if (options.migrate !== undefined && !['ask', 'run', 'skip'].includes(options.migrate)) {
    return `migrate must be 'ask', 'run' or 'skip', not ${JSON.stringify(options.migrate)}`
  }
  if (
    options.requires !== undefined &&
    (!Array.isArray(options.requires) || options.requires.some((spec) => typeof spec !== 'string' || !spec))
  ) {
    return 'requires must be a list of npm specs'
  }
  return undefined
}

/**
 * The placeholders a stub (its text and its destination path) can hold, from the package name:
 * for `blog-posts`, `{{ name }}` blog-posts, `{{ Name }}` BlogPosts, `{{ camel }}` blogPosts,
 * `{{ snake }}` blog_posts, `{{ kebab }}` blog-posts.
 */
export function stubPlaceholders(packageName: string): Record<string, string> {
  const words = packageName.split(/[-_]+/).filter(Boolean)
  const pascal = words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('')
  return {
    name: packageName,
    Name: pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    snake: words.join('_'),
    kebab: words.join('-'),
  }
}

/** Replaces `{{ placeholder }}` (spaces optional); unknown placeholders are left as they are. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => values[key] ?? match)
}
