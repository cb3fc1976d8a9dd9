import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { craftListFigure } from './figures/craft_list.js'
import { craftServeFigure } from './figures/craft_serve.js'
import { httpFigures } from './figures/http.js'
import { memoryFigure } from './figures/memory.js'
import { migrateFigure } from './figures/migrate.js'
import { publishFigures } from './figures/publish.js'
import { stateFigures } from './figures/state.js'
import type { AppFixture } from './fixtures/app.js'
import { installMortar } from './fixtures/mortar_copy.js'
import type { Context, Sizes } from './lib/context.js'
import { type Figure, failed } from './lib/figure.js'
import { LoadClient } from './lib/load.js'

/** Every figure of the suite, by the name `--only` takes, in the order the table shows them. */
export const FIGURES: Record<string, (context: Context) => Promise<Figure[]>> = {
  http: httpFigures,
  state: stateFigures,
  list: craftListFigure,
  serve: craftServeFigure,
  publish: publishFigures,
  migrate: migrateFigure,
  memory: memoryFigure,
}

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  sizes: Sizes
  /** Names of {@link FIGURES} to run (default: all). */
  only?: readonly string[]
  log?: (line: string) => void
  /** Keep the temp folder (its path is logged) to look at the fixtures afterwards. */
  keep?: boolean
}

/**
 * Runs the figures in a temp folder of their own and returns them; the folder is removed after.
 * A figure that fails becomes one row without numbers whose note says why, and the others run.
 */
export async function runSuite(options: SuiteOptions): Promise<Figure[]> {
  const names = options.only?.length ? options.only : Object.keys(FIGURES)
  // Checked before anything runs, so that a typo costs nothing.
  const unknown = names.filter((name) => !FIGURES[name])
  if (unknown.length)
    throw new Error(`no figure ${unknown.map((name) => `"${name}"`).join(', ')}; choose from ${Object.keys(FIGURES).join(', ')}`)
  const workdir = await mkdtemp(join(tmpdir(), 'mortar-bench-'))
  const log = options.log ?? (() => {})
  let client: LoadClient | undefined
  const context: Context = {
    sizes: options.sizes,
    workdir,
    log,
    apps: new Map<string, Promise<AppFixture>>(),
    loadClient: () => {
      client ??= new LoadClient()
      return client
    },
  }
  const figures: Figure[] = []
  try {
    await installMortar(workdir)
    for (const name of names) {
      const run = FIGURES[name] as (typeof FIGURES)[string]
      log(`— ${name}`)
      try {
        figures.push(...(await run(context)))
      } catch (error) {
        log(`${name} failed: ${(error as Error).stack ?? error}`)
        figures.push(failed(name, error))
      }
    }
  } finally {
    await client?.close()
    if (options.keep) log(`fixtures kept in ${workdir}`)
    else await rm(workdir, { recursive: true, force: true })
  }
  return figures
}
