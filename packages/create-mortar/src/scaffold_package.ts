import type { Asker } from './prompts.js'

export const PACKAGE_FLAGS = {} as const
export interface PackageAnswers {
  npmName: string
}
export async function askPackage(_target: string, _flags: Record<string, unknown>, _asker: Asker): Promise<PackageAnswers> {
  throw new Error('The package template is being written')
}
export function writePackage(_target: string, _answers: PackageAnswers, _mortar: string): string[] {
  throw new Error('The package template is being written')
}
