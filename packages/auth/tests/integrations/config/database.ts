import { env } from 'mortar'

export default {
  /**
   * SQLite in storage/ by default. Set DATABASE_URL=postgres://user:pass@host:5432/name to use
   * PostgreSQL, for example when several servers share one database.
   */
  url: env('DATABASE_URL', 'sqlite:storage/database.sqlite'),
}
