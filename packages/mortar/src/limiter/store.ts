/** A key's count in its current window. */
export interface LimiterHit {
  /** Hits in the window, this one included. */
  hits: number
  /** When the window ends (ms since the epoch); the count starts again from 0 then. */
  resetAt: number
}

/**
 * Where counts live, shared by every process of the app: the app's database or Redis, never a
 * cookie or process memory (a client could reset either).
 */
export interface LimiterStore {
  /** Counts a hit: a new window of `decayMs` when none is open, else one more in the open one. */
  hit(key: string, decayMs: number, now: number): Promise<LimiterHit>
  /** The open window's count, if any. */
  peek(key: string, now: number): Promise<LimiterHit | undefined>
  clear(key: string): Promise<void>
  /** Deletes windows that ended; how many. */
  prune(now: number): Promise<number>
  close(): Promise<void>
}
