import type { StoredSession } from '../session.js'
import type { SessionStore } from '../store.js'

/** Sessions in this process's memory, for tests only (refused in production): lost on restart, not shared. */
export class MemoryStore implements SessionStore {
  readonly #sessions = new Map<string, string>()

  async read(id: string): Promise<StoredSession | undefined> {
    const text = this.#sessions.get(id)
    return text === undefined ? undefined : (JSON.parse(text) as StoredSession)
  }

  async write(id: string, session: StoredSession): Promise<void> {
    this.#sessions.set(id, JSON.stringify(session))
  }

  async destroy(id: string): Promise<void> {
    this.#sessions.delete(id)
  }

  async prune(idleBefore: number, createdBefore: number): Promise<number> {
    let count = 0
    for (const [id, text] of this.#sessions) {
      const session = JSON.parse(text) as StoredSession
      if (session.lastActivity < idleBefore || session.createdAt < createdBefore) {
        this.#sessions.delete(id)
        count++
      }
    }
    return count
  }

  async close(): Promise<void> {}
}
