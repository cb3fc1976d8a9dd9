import { ADONIS_VERSION, adonisApp } from '../fixtures/adonis.js'
import { largeApp } from '../fixtures/shared.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { type Launch, runProcess, wallTime } from '../lib/proc.js'
import { alternateAll, median } from '../lib/stats.js'

/** What a baseline of "start node and do nothing" runs. */
export const NODE_NOTHING: Launch = { command: process.execPath, args: ['-e', '0'] }

/**
 * `craft list` in an app with 50 packages, spawn to exit, against `node -e 0` and against
 * `node ace list` in the AdonisJS app (its TypeScript sources through ts-node's hook, as a
 * developer runs ace). The command index is warm (the fixture ran craft once), as on every run
 * after the first on a developer's machine. `node build/ace.js list` of the compiled app is timed
 * beside them for the note.
 */
export async function craftListFigure(context: Context): Promise<Figure[]> {
  const app = await largeApp(context)
  const adonis = await adonisApp(context)
  const list = app.craft(['list'])
  const last = app.packages.at(-1)?.name
  const ours = async () => {
    const { ms, stdout } = await runProcess(list)
    // A list that lost the packages' commands must not pass as fast.
    if (!stdout.includes(`${last}:sync`)) throw new Error(`craft list does not show ${last}:sync:\n${stdout}`)
    return ms
  }
  const ace = (launch: Launch) => async () => {
    const { ms, stdout } = await runProcess(launch)
    if (!stdout.includes('make:controller')) throw new Error(`node ace list does not list make:controller:\n${stdout}`)
    return ms
  }
  const explain = context.sizes.explain ? ace(adonis.aceBuild(['list'])) : async () => Number.NaN
  const samples = await alternateAll(context.sizes, {
    ours,
    node: () => wallTime(NODE_NOTHING),
    ace: ace(adonis.ace(['list'])),
    aceBuild: explain,
  })
  const name = `craft list wall time (${context.sizes.appPackages} packages)`
  const warm = context.sizes.warmup ? 'spawn to exit; command index warm' : 'spawn to exit'
  const compiledMs = median(samples.aceBuild)
  const compiled = Number.isFinite(compiledMs) ? `; node ace.js list in the compiled build: ${compiledMs.toFixed(0)} ms` : ''
  return [
    figure(name, 'node -e 0', 'ms', { op: '<=', value: 2 }, { ours: samples.ours, baseline: samples.node }, warm),
    figure(
      'craft list wall time, same app',
      `node ace list, AdonisJS ${ADONIS_VERSION}`,
      'ms',
      { op: '<=', value: 0.15 },
      { ours: samples.ours, baseline: samples.ace },
      `${warm}; ace runs the app's TypeScript through ts-node/esm with SWC, as in development${compiled}`,
    ),
  ]
}
