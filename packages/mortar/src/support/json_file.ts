import { readFileSync } from 'node:fs'

/** Reads a JSON file, or undefined when it is missing or not valid JSON. */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    return undefined
  }
}
