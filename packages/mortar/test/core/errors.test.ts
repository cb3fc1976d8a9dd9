// Every stable error code is exported from `mortar`, belongs to one area's errors.ts, is documented
// in docs/errors.md (STYLE: "a test that every code is exported and documented") and is raised
// somewhere in the source; the source raises no other code.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import * as mortar from 'mortar'
import { ERROR_AREAS, ERROR_CODES } from '../../src/error_codes.js'
import { WORKSPACE } from '../support/temp_app.js'

const DOC = readFileSync(join(WORKSPACE, 'docs', 'errors.md'), 'utf8')

/** The `### E_CODE` headings of docs/errors.md, each with the text under it. */
function documented(): Map<string, string> {
  const sections = new Map<string, string>()
  const parts = DOC.split(/^#{2,3}\s+/m).slice(1)
  for (const part of parts) {
    const [heading = '', ...body] = part.split('\n')
    const code = /^`?(E_[A-Z0-9_]+)`?\s*$/.exec(heading.trim())?.[1]
    if (code) sections.set(code, body.join('\n').trim())
  }
  return sections
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
}

/** The source with its comments taken out, so a code named in a doc comment is not a raise. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
}

/** An area's errors.ts (or the table of areas): where codes are defined, not raised. */
function definesCodes(file: string): boolean {
  return /[\\/]src[\\/]\w+[\\/]errors\.ts$/.test(file) || file.endsWith('error_codes.ts')
}

describe('error codes', () => {
  const codes = Object.keys(ERROR_CODES)

  it('are exported from the mortar entry point, with MortarError and isMortarError', () => {
    assert.deepEqual(mortar.ERROR_CODES, ERROR_CODES)
    const error = new mortar.MortarError('E_PACKAGE_UNKNOWN', 'No package named "x" is installed', { hint: 'Installed packages: blog' })
    assert.equal(error.code, 'E_PACKAGE_UNKNOWN')
    assert.equal(error.hint, 'Installed packages: blog')
    assert.ok(mortar.isMortarError(error))
    assert.ok(!mortar.isMortarError(new Error('plain')))
  })

  it('are each documented in docs/errors.md with what to do', () => {
    const sections = documented()
    const missing = codes.filter((code) => !sections.has(code))
    assert.deepEqual(missing, [], `codes missing from docs/errors.md: ${missing.join(', ')}`)
    for (const code of codes) assert.ok((sections.get(code) ?? '').length > 40, `${code} has no explanation in docs/errors.md`)
  })

  it('docs/errors.md documents no code that does not exist', () => {
    const unknown = [...documented().keys()].filter((code) => !codes.includes(code))
    assert.deepEqual(unknown, [], `docs/errors.md documents unknown codes: ${unknown.join(', ')}`)
  })

  it('every code the source raises is one of them', () => {
    const used = new Set<string>()
    for (const folder of ['packages/mortar/src', 'packages/create-mortar/src']) {
      for (const file of sourceFiles(join(WORKSPACE, folder))) {
        for (const match of readFileSync(file, 'utf8').matchAll(/['"`](E_[A-Z][A-Z0-9_]+)['"`]/g)) used.add(match[1] as string)
      }
    }
    const unknown = [...used].filter((code) => !codes.includes(code))
    assert.deepEqual(unknown, [], `codes used in the source but not in ERROR_CODES: ${unknown.join(', ')}`)
  })

  it('each belong to one area and have a one-line description', () => {
    const areaOf = new Map<string, string>()
    for (const [area, factories] of Object.entries(ERROR_AREAS)) {
      for (const code of Object.keys(factories)) {
        assert.ok(!areaOf.has(code), `${code} is defined by both ${areaOf.get(code)} and ${area}`)
        areaOf.set(code, area)
      }
    }
    assert.deepEqual([...areaOf.keys()].sort(), [...codes].sort())
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      assert.ok(description.length > 10 && !description.includes('\n'), `${code} has no one-line description`)
    }
  })

  it('are each raised somewhere in the source, by their factory or by code', () => {
    const raising = sourceFiles(join(WORKSPACE, 'packages/mortar/src'))
      .filter((file) => !definesCodes(file))
      .map((file) => withoutComments(readFileSync(file, 'utf8')))
    const raised = (code: string) => {
      // `httpErrors.E_ROUTE_INVALID(…)`, or the code itself where it is not compared with (`=== 'E_…'`).
      const pattern = new RegExp(`\\.${code}\\(|(?<![=!]==\\s*)['"\`]${code}['"\`]`)
      return raising.some((text) => pattern.test(text))
    }
    const never = codes.filter((code) => !raised(code))
    assert.deepEqual(never, [], `codes declared but never raised: ${never.join(', ')}`)
  })
})
