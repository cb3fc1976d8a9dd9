import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What a generated package's data.js exports (see bench/fixtures/sources.ts). */
export interface PackageData {
  itemsPayload(name: string): unknown
  pageData(name: string): Record<string, unknown>
}

/** What a generated package's schema.js exports: valibot schemas (Standard Schemas). */
export interface PackageSchema {
  itemSchema: import('valibot').GenericSchema
}

/** The package a baseline server answers for, from BENCH_PACKAGE and BENCH_PACKAGE_ROOT. */
export async function packageFromEnv(): Promise<{ name: string; root: string; data: PackageData; schema: PackageSchema }> {
  const name = process.env.BENCH_PACKAGE
  const root = process.env.BENCH_PACKAGE_ROOT
  if (!name || !root) throw new Error('set BENCH_PACKAGE and BENCH_PACKAGE_ROOT')
  const data = (await import(pathToFileURL(join(root, 'data.js')).href)) as PackageData
  const schema = (await import(pathToFileURL(join(root, 'schema.js')).href)) as PackageSchema
  return { name, root, data, schema }
}
