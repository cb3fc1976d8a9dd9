import { largeApp } from '../fixtures/shared.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { expectOk } from '../lib/http_get.js'
import { startProcess, wallTime } from '../lib/proc.js'
import { alternate } from '../lib/stats.js'
import { NODE_NOTHING } from './craft_list.js'
import { mortarServer, SERVING } from './http.js'

/**
 * `craft serve` (production, no reloader) of an app with 50 packages, from spawn to the first 200
 * of a package's route, against `node -e 0` from spawn to exit.
 */
export async function craftServeFigure(context: Context): Promise<Figure[]> {
  const app = await largeApp(context)
  const path = `/${app.packages.at(-1)?.name}/items`
  const serveOnce = async () => {
    const server = await startProcess(mortarServer(app), SERVING)
    try {
      await expectOk(server.port, path)
      return performance.now() - server.startedAt
    } finally {
      await server.stop()
    }
  }
  const samples = await alternate({ runs: context.sizes.heavyRuns, warmup: context.sizes.warmup }, serveOnce, () => wallTime(NODE_NOTHING))
  return [
    figure(
      `craft serve start to first 200 (${context.sizes.appPackages} packages)`,
      'node -e 0',
      'ms',
      { op: '<=', value: 5 },
      samples,
      `APP_ENV=production craft serve --no-reload; first GET ${path}`,
    ),
  ]
}
