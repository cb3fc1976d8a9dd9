import { app, db, hash } from 'mortar'

/** A row of the `users` table. */
export interface User {
  id: number
  name: string
  email: string
  password: string
  email_verified_at: string | null
  created_at: string
  updated_at: string
}

/** What may be shown of a user (in JSON, in the console): everything but the password hash. */
export type PublicUser = Omit<User, 'password'>

/** The user without the password hash. */
export function publicUser(user: User): PublicUser {
  const { password: _password, ...rest } = user
  return rest
}

/** Emails are compared and stored lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

let dummyHash: Promise<string> | undefined

function now(): string {
  return new Date(app().now()).toISOString()
}

/**
 * The app's users, in the `users` table the package's migration creates.
 *
 * @example
 * const ada = await users.create({ name: 'Ada', email: 'ada@example.com', password: 'correct horse' })
 * await users.findByEmail('ADA@example.com') // the same user
 */
export const users = {
  async find(id: number): Promise<User | undefined> {
    return (await db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) as User | undefined
  },

  async findByEmail(email: string): Promise<User | undefined> {
    return (await db().selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst()) as User | undefined
  },

  /** Creates a user, hashing the password with core `hash`. */
  async create(input: { name: string; email: string; password: string; verified?: boolean }): Promise<User> {
    const at = now()
    const row = {
      name: input.name.trim(),
      email: normalizeEmail(input.email),
      password: await hash.make(input.password),
      email_verified_at: input.verified ? at : null,
      created_at: at,
      updated_at: at,
    }
    return (await db().insertInto('users').values(row).returningAll().executeTakeFirstOrThrow()) as User
  },

  /** Changes some columns (a `password` given here is hashed first). */
  async update(id: number, changes: Partial<Pick<User, 'name' | 'email' | 'password' | 'email_verified_at'>>): Promise<User> {
    const values: Record<string, unknown> = { ...changes, updated_at: now() }
    if (changes.email !== undefined) values.email = normalizeEmail(changes.email)
    if (changes.password !== undefined) values.password = await hash.make(changes.password)
    return (await db().updateTable('users').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as User
  },

  /** Deletes the user and every token they hold. */
  async delete(id: number): Promise<void> {
    await db()
      .transaction()
      .execute(async (trx) => {
        for (const table of ['password_reset_tokens', 'remember_tokens', 'personal_access_tokens']) {
          await trx.deleteFrom(table).where('user_id', '=', id).execute()
        }
        await trx.deleteFrom('users').where('id', '=', id).execute()
      })
  },

  /**
   * Like `checkPassword()`, but for a user who may not exist: then a password is still hashed, so
   * the answer takes as long and says nothing about whether the email is registered.
   */
  async checkPasswordOrWaste(user: User | undefined, password: string): Promise<boolean> {
    if (user) return users.checkPassword(user, password)
    dummyHash ??= hash.make('not a password of anyone')
    await hash.verify(await dummyHash, password)
    return false
  },

  /** Whether the password is the user's; rehashes it when core `hash` says its parameters are old. */
  async checkPassword(user: User, password: string): Promise<boolean> {
    if (!(await hash.verify(user.password, password))) return false
    if (hash.needsRehash(user.password)) {
      await db()
        .updateTable('users')
        .set({ password: await hash.make(password) })
        .where('id', '=', user.id)
        .execute()
    }
    return true
  },
}
