import type { Application } from '../app/application.js'
import { kyselyModule } from '../database/kysely_module.js'
import { withOwnTable } from '../database/missing_table.js'
import { up as createRateLimitsTable } from '../database/mortar_migrations/create_rate_limits_table.js'
import { limiterErrors } from './errors.js'
import type { LimiterHit, LimiterStore } from './store.js'

const TABLE = 'rate_limits'

/**
 * Counts in the app's database (SQLite or PostgreSQL), one row a key in the `rate_limits` table of
 * Mortar's own migrations. A hit is one upsert, atomic in both engines, so processes on one
 * database never lose a count between them.
 */
export class DatabaseLimiterStore implements LimiterStore {
  constructor(readonly app: Application) {}

  get #db() {
    return this.app.database.kysely
  }

  async hit(key: string, decayMs: number, now: number): Promise<LimiterHit> {
    const resetAt = now + decayMs
    // Kysely on first use, not at import: the limiter is part of every boot (database/kysely_module.ts).
    const { sql } = kyselyModule()
    const row = await this.#run(() =>
      this.#db
        .insertInto(TABLE)
        .values({ key, hits: 1, reset_at: resetAt })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            // An ended window starts again at 1; an open one counts on.
            hits: sql`case when ${sql.ref(`${TABLE}.reset_at`)} <= ${now} then 1 else ${sql.ref(`${TABLE}.hits`)} + 1 end`,
            reset_at: sql`case when ${sql.ref(`${TABLE}.reset_at`)} <= ${now} then ${resetAt} else ${sql.ref(`${TABLE}.reset_at`)} end`,
          }),
        )
        .returning(['hits', 'reset_at'])
        .executeTakeFirstOrThrow(),
    )
    return { hits: Number(row.hits), resetAt: Number(row.reset_at) }
  }

  async peek(key: string, now: number): Promise<LimiterHit | undefined> {
    const row = await this.#run(() => this.#db.selectFrom(TABLE).select(['hits', 'reset_at']).where('key', '=', key).executeTakeFirst())
    if (!row || Number(row.reset_at) <= now) return undefined
    return { hits: Number(row.hits), resetAt: Number(row.reset_at) }
  }

  async clear(key: string): Promise<void> {
    await this.#run(() => this.#db.deleteFrom(TABLE).where('key', '=', key).execute())
  }

  async prune(now: number): Promise<number> {
    const result = await this.#run(() => this.#db.deleteFrom(TABLE).where('reset_at', '<=', now).executeTakeFirst())
    return Number(result.numDeletedRows)
  }

  async close(): Promise<void> {}

  /** A missing table is made on the spot outside production; in production it says to migrate. */
  #run<T>(query: () => Promise<T>): Promise<T> {
    return withOwnTable(
      this.app,
      query,
      () => createRateLimitsTable(this.#db),
      (cause) =>
        limiterErrors.E_LIMITER_STORE(`The ${TABLE} table does not exist, so rate limits cannot be counted`, {
          cause,
          hint: 'Run `npx craft migrate` (it creates the table), or set limiter.store to redis in config/limiter.ts.',
        }),
    )
  }
}
