/** True for the error SQLite or PostgreSQL gives for a table that does not exist. */
export function isMissingTable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  return code === '42P01' || /no such table/i.test(message ?? '')
}
