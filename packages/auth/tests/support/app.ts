// Shared by the feature tests: the test application in tests/integrations, booted with a fresh
// database, and a user made through the package's own command.
import { createTestApp, type TestApp } from 'mortar/testing'
import '../../src/testing.js'
import type { User } from '../../src/users.js'

export const INTEGRATIONS = new URL('../integrations/', import.meta.url)

/** The test application, with config values set over its own. */
export function authApp(config: Record<string, unknown> = {}): Promise<TestApp> {
  return createTestApp({ root: INTEGRATIONS, config })
}

/** Creates a user with `craft auth:create-user` and gives its row. */
export async function makeUser(app: TestApp, fields: { name?: string; email?: string; password?: string } = {}): Promise<User> {
  const { name = 'Ada Lovelace', email = 'ada@example.com', password = 'correct horse battery' } = fields
  const run = (await app.craft('auth:create-user', ['--name', name, '--email', email, '--password', password, '--json'])).assertSuccess()
  const { id } = JSON.parse(run.output.trim().split('\n').at(-1) as string) as { id: number }
  return (await app.db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as User
}

/** The first http(s) link in a mail's text. */
export function firstLink(text: string): URL {
  const found = /https?:\/\/\S+/.exec(text)?.[0]
  if (!found) throw new Error(`No link in:\n${text}`)
  return new URL(found.replace(/[).,]+$/, ''))
}
