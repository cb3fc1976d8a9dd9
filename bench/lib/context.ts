import type { AppFixture } from '../fixtures/app.js'
import type { LoadClient } from './load.js'

/** How big and how long: the full suite, or the smoke run that only checks every figure works. */
export interface Sizes {
  /** Alternating runs per side for the cheap figures. */
  runs: number
  /** Runs per side for the heavy ones (req/s, serve, migrate, memory). */
  heavyRuns: number
  /** Rounds of the req/s figures: many short runs, so a burst of other work hits both sides alike. */
  httpRuns: number
  /** Rounds of package:publish + package:status + cp -r of `publishFiles` files (the heaviest figure). */
  publishRuns: number
  /** One uncounted round before the counted ones; and the fixtures' caches warmed before any. */
  warmup: boolean
  /** Measurements that only explain a figure (craft's boot time beside package:publish). */
  explain: boolean
  httpPackages: number
  httpConnections: number
  /** Load on each server once after it starts, before any run counts (JIT warm-up). */
  serverWarmupMs: number
  /** Per run: load before the measured window (connections open, caches hot), then the window. */
  loadWarmupMs: number
  loadDurationMs: number
  /** Packages of the app `craft list`, `craft serve` and the memory figure use. */
  appPackages: number
  /** Requests of the memory figure; its baseline is the same process after the first tenth. */
  memoryRequests: number
  /** Migrations of each package of the req/s app, which `craft migrate` runs. */
  migrationsPerPackage: number
  publishFiles: number
}

export const FULL: Sizes = {
  runs: 10,
  heavyRuns: 5,
  httpRuns: 10,
  publishRuns: 3,
  warmup: true,
  explain: true,
  httpPackages: 20,
  httpConnections: 50,
  serverWarmupMs: 2000,
  loadWarmupMs: 300,
  loadDurationMs: 1000,
  appPackages: 50,
  memoryRequests: 20_000,
  migrationsPerPackage: 10,
  // 1,000 is too few: a Node start alone is about 4× a cp -r of 1,000 small files.
  publishFiles: 10_000,
}

export const SMOKE: Sizes = {
  runs: 1,
  heavyRuns: 1,
  httpRuns: 1,
  publishRuns: 1,
  warmup: false,
  explain: false,
  httpPackages: 2,
  httpConnections: 4,
  serverWarmupMs: 0,
  loadWarmupMs: 100,
  loadDurationMs: 200,
  appPackages: 2,
  memoryRequests: 200,
  // One migration, as the large app has: the smoke's two apps are then one.
  migrationsPerPackage: 1,
  publishFiles: 10,
}

/** What every figure gets: the sizes, a temp folder of its own and a progress log. */
export interface Context {
  sizes: Sizes
  /** A temp folder; removed after the suite. */
  workdir: string
  log(line: string): void
  /** Apps shared between figures, made on first use. */
  apps: Map<string, Promise<AppFixture>>
  /** The suite's one load client, started on first use. */
  loadClient(): LoadClient
}
