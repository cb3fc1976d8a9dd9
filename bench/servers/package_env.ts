import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What a generated package's data.js exports (see bench/fixtures/sources.ts). */
export interface PackageData {
  itemsPayload(name: string): unknown
  pageData(name: string): Record<string, unknown>
}

/** The package a baseline server answers for, from BENCH_PACKAGE and BENCH_PACKAGE_ROOT. */
export async function packageFromEnv(): Promise<{ name: string; root: string; data: PackageData }> {
  const name = process.env.BENCH_PACKAGE
  const root = process.env.BENCH_PACKAGE_ROOT
  if (!name || !root) throw new Error('set BENCH_PACKAGE and BENCH_PACKAGE_ROOT')
  const data = (await import(pathToFileURL(join(root, 'data.js')).href)) as PackageData
  return { name, root, data }
}
