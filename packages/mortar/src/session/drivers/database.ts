import type { Application } from '../../app/application.js'
import { withOwnTable } from '../../database/missing_table.js'
import { up as createSessionsTable } from '../../database/mortar_migrations/create_sessions_table.js'
import { sessionErrors } from '../errors.js'
import type { StoredSession } from '../session.js'
import type { SessionStore } from '../store.js'

/**
 * Sessions in the app's database (SQLite or PostgreSQL), one row each, in the `sessions` table
 * of Mortar's own migration. Shared by every process on the same database.
 */
export class DatabaseStore implements SessionStore {
  constructor(
    readonly app: Application,
    readonly table: string,
  ) {}

  get #db() {
    return this.app.database.kysely
  }

  async read(id: string): Promise<StoredSession | undefined> {
    const row = await this.#run(() => this.#db.selectFrom(this.table).selectAll().where('id', '=', id).executeTakeFirst())
    if (!row) return undefined
    return { data: JSON.parse(row.payload), createdAt: Number(row.created_at), lastActivity: Number(row.last_activity) }
  }

  async write(id: string, session: StoredSession): Promise<void> {
    const values = { payload: JSON.stringify(session.data), created_at: session.createdAt, last_activity: session.lastActivity }
    await this.#run(() =>
      this.#db
        .insertInto(this.table)
        .values({ id, ...values })
        .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
        .execute(),
    )
  }

  async destroy(id: string): Promise<void> {
    await this.#run(() => this.#db.deleteFrom(this.table).where('id', '=', id).execute())
  }

  async prune(idleBefore: number, createdBefore: number): Promise<number> {
    const result = await this.#run(() =>
      this.#db
        .deleteFrom(this.table)
        .where((where) => where.or([where('last_activity', '<', idleBefore), where('created_at', '<', createdBefore)]))
        .executeTakeFirst(),
    )
    return Number(result.numDeletedRows)
  }

  async close(): Promise<void> {}

  /**
   * Runs a query. A missing table is made on the spot outside production (a new app serves its
   * forms before its first `craft migrate`); in production it is E_SESSION_TABLE_MISSING.
   */
  #run<T>(query: () => Promise<T>): Promise<T> {
    const missing = (cause: unknown) => sessionErrors.E_SESSION_TABLE_MISSING(this.table, cause)
    // Only Mortar's own table is made on first use; one the app named itself is its to create.
    const create = async () => {
      if (this.table !== 'sessions') throw missing(undefined)
      await createSessionsTable(this.#db)
    }
    return withOwnTable(this.app, query, create, missing)
  }
}
