import { largeApp } from '../fixtures/shared.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { type Launch, runProcess, wallTime } from '../lib/proc.js'
import { alternate } from '../lib/stats.js'

/** What a baseline of "start node and do nothing" runs. */
export const NODE_NOTHING: Launch = { command: process.execPath, args: ['-e', '0'] }

/**
 * `craft list` in an app with 50 packages, spawn to exit, against `node -e 0`. The command index
 * is warm (the fixture ran craft once), as on every run after the first on a developer's machine.
 */
export async function craftListFigure(context: Context): Promise<Figure[]> {
  const app = await largeApp(context)
  const list = app.craft(['list'])
  const last = app.packages.at(-1)?.name
  const ours = async () => {
    const { ms, stdout } = await runProcess(list)
    // A list that lost the packages' commands must not pass as fast.
    if (!stdout.includes(`${last}:sync`)) throw new Error(`craft list does not show ${last}:sync:\n${stdout}`)
    return ms
  }
  const samples = await alternate(context.sizes, ours, () => wallTime(NODE_NOTHING))
  return [
    figure(
      `craft list wall time (${context.sizes.appPackages} packages)`,
      'node -e 0',
      'ms',
      { op: '<=', value: 2 },
      samples,
      context.sizes.warmup ? 'spawn to exit; command index warm' : 'spawn to exit',
    ),
  ]
}
