import { ADONIS_VERSION, adonisApp } from '../fixtures/adonis.js'
import { largeApp } from '../fixtures/shared.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { expectOk } from '../lib/http_get.js'
import { type Launch, startProcess, wallTime } from '../lib/proc.js'
import { alternateAll } from '../lib/stats.js'
import { NODE_NOTHING } from './craft_list.js'
import { mortarServer, SERVING } from './http.js'

/**
 * `craft serve` (production, no reloader) of an app with 50 packages, from spawn to the first 200
 * of a package's route, against `node -e 0` from spawn to exit, and against the AdonisJS app's
 * production build (`node bin/server.js`) from spawn to the first 200 of the same route.
 */
export async function craftServeFigure(context: Context): Promise<Figure[]> {
  const app = await largeApp(context)
  const adonis = await adonisApp(context)
  const target = app.packages.at(-1)
  if (!target) throw new Error('the app has no package')
  const path = `/${target.name}/items`
  const serveOnce = (launch: Launch) => async () => {
    const server = await startProcess(launch, SERVING)
    try {
      await expectOk(server.port, path)
      return performance.now() - server.startedAt
    } finally {
      await server.stop()
    }
  }
  const samples = await alternateAll(
    { runs: context.sizes.heavyRuns, warmup: context.sizes.warmup },
    { ours: serveOnce(mortarServer(app)), node: () => wallTime(NODE_NOTHING), adonis: serveOnce(adonis.server(target)) },
  )
  const name = `craft serve start to first 200 (${context.sizes.appPackages} packages)`
  return [
    figure(
      name,
      'node -e 0',
      'ms',
      { op: '<=', value: 5 },
      { ours: samples.ours, baseline: samples.node },
      `APP_ENV=production craft serve --no-reload; first GET ${path}`,
    ),
    figure(
      'craft serve start to first 200, same app',
      `AdonisJS ${ADONIS_VERSION}, production build`,
      'ms',
      { op: '<=', value: 0.4 },
      { ours: samples.ours, baseline: samples.adonis },
      `NODE_ENV=production node bin/server.js of the compiled build; first GET ${path}`,
    ),
  ]
}
