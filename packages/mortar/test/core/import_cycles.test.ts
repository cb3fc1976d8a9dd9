// Dependencies run one way: no import circle runs through any module of src/. The test reads
// src/ as Node will run it: every relative `import … from` and `export … from`, except
// `import type` and `export type`, which TypeScript erases (verbatimModuleSyntax keeps
// `import { type A } from` as a bare import, so that one counts). Dynamic import() is left out:
// it runs later, once the importing module is loaded.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, it } from 'node:test'
import { MORTAR } from '../support/temp_app.js'

const SRC = join(MORTAR, 'src')

/**
 * Modules that take the narrow interface they use, declared beside them, rather than the whole
 * Application (every module of http/, and the command base class): they must not import
 * app/application.ts, not even its type.
 */
const isNarrow = (file: string) => file.startsWith('http/') || file === 'console/command.ts'

const STATEMENT = /^[ \t]*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"](\.[^'"]+)['"]/gm

/** Each file of src/ (relative, with `/`) with the relative modules it imports. */
function importGraph(options: { types: boolean }): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const imports: string[] = []
        for (const [, , typeOnly, specifier] of readFileSync(path, 'utf8').matchAll(STATEMENT)) {
          if (typeOnly && !options.types) continue
          const target = resolve(dirname(path), (specifier as string).replace(/\.js$/, '.ts'))
          imports.push(relative(SRC, target).split(sep).join('/'))
        }
        graph.set(relative(SRC, path).split(sep).join('/'), imports)
      }
    }
  }
  walk(SRC)
  return graph
}

/** The shortest circle from `start` back to it, as a list of files, or undefined. */
function circleFrom(graph: Map<string, string[]>, start: string): string[] | undefined {
  const previous = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const file = queue.shift() as string
    for (const next of graph.get(file) ?? []) {
      if (next === start) {
        const path = [file]
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string)
        return [...path, start]
      }
      if (!graph.has(next) || previous.has(next)) continue
      previous.set(next, file)
      queue.push(next)
    }
  }
  return undefined
}

describe('imports of src/', () => {
  it('form no circle', () => {
    const graph = importGraph({ types: false })
    assert.ok(graph.size > 100, `read ${graph.size} modules of ${SRC}`)
    const circles = new Map<string, string[]>()
    for (const file of graph.keys()) {
      const circle = circleFrom(graph, file)
      if (!circle) continue
      // One report per circle, whichever of its files it was found from.
      const key = [...new Set(circle)].sort().join(' ')
      if (!circles.has(key)) circles.set(key, circle)
    }
    const report = [...circles.values()].map((circle) => `  ${circle.join(' → ')}`).join('\n')
    assert.equal(circles.size, 0, `import circles:\n${report}`)
  })

  it('leave the lower modules free of the Application class', () => {
    const graph = importGraph({ types: true })
    const narrow = [...graph.keys()].filter(isNarrow)
    assert.ok(narrow.length > 20, `found ${narrow.length} modules of http/`)
    const wide = narrow.filter((file) => graph.get(file)?.includes('app/application.ts'))
    assert.deepEqual(wide, [], 'these import app/application.ts: declare the narrow interface each uses beside it')
  })
})
