import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Files npm would drop or rename when publishing, stored under another name in templates. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore', _npmrc: '.npmrc' }
// Edge views are copied as they are: their own `{{ value }}` syntax is not a placeholder.
const TEXT = /\.(ts|js|json|md|css|yml|yaml|txt|example|env)$|^(_gitignore|Makefile|LICENSE|CHANGELOG\.md|\.env\.example)$/

/**
 * Copies a template folder, filling `{{ key }}` placeholders in text files. Returns the relative
 * paths written. Nothing is overwritten: the caller checks the target is empty first.
 */
export function copyTemplate(
  from: string,
  to: string,
  values: Record<string, string>,
  skip: (relative: string) => boolean = () => false,
): string[] {
  const written: string[] = []
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(from, relative)).sort()) {
      const source = join(from, relative, entry)
      const relativeOut = join(relative, RENAMES[entry] ?? entry)
      if (entry === 'node_modules' || skip(join(relative, entry))) continue
      if (statSync(source).isDirectory()) {
        mkdirSync(join(to, relativeOut), { recursive: true })
        walk(join(relative, entry))
        continue
      }
      const target = join(to, relativeOut)
      if (TEXT.test(entry)) writeFileSync(target, fill(readFileSync(source, 'utf8'), values))
      else copyFileSync(source, target)
      written.push(relativeOut)
    }
  }
  mkdirSync(to, { recursive: true })
  walk('')
  return written
}

/** Replaces `{{ key }}` with values[key]; unknown keys are left as they are. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{ (\w+) \}\}/g, (whole, key: string) => values[key] ?? whole)
}
