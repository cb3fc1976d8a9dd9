import { largeApp } from '../fixtures/shared.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { expectOk } from '../lib/http_get.js'
import { residentMb, startProcess } from '../lib/proc.js'
import { median } from '../lib/stats.js'
import { mortarServer, SERVING } from './http.js'

/**
 * Resident memory of `craft serve` (production) of an app with 50 packages after 10,000 requests,
 * against the same process after its first request. The requests go round every package's JSON
 * route and page, so each route, template and cache is used. The size after the first tenth of the
 * requests goes in the note: growth between it and the end is what a leak would show, while growth
 * before it is the heap and the caches reaching their working size.
 */
export async function memoryFigure(context: Context): Promise<Figure[]> {
  const { sizes } = context
  const app = await largeApp(context)
  const paths = app.packages.flatMap((pkg) => [`/${pkg.name}/items`, `/${pkg.name}/page`])
  const warmRequests = Math.round(sizes.memoryRequests / 10)
  const samples = { ours: [] as number[], baseline: [] as number[], warm: [] as number[] }
  for (let run = 0; run < sizes.heavyRuns; run++) {
    const server = await startProcess(mortarServer(app), SERVING)
    try {
      await expectOk(server.port, paths[0] as string)
      samples.baseline.push(residentMb(server.pid))
      const load = (requests: number) => context.loadClient().run({ port: server.port, paths, connections: 8, requests })
      await load(warmRequests)
      samples.warm.push(residentMb(server.pid))
      await load(sizes.memoryRequests - warmRequests)
      samples.ours.push(residentMb(server.pid))
    } finally {
      await server.stop()
    }
  }
  const warm = median(samples.warm)
  return [
    figure(
      `resident memory after ${sizes.memoryRequests.toLocaleString('en-US')} requests (${sizes.appPackages} packages)`,
      'the same app after its first request',
      'MB',
      { op: '<=', value: 1.3 },
      { ours: samples.ours, baseline: samples.baseline },
      `VmRSS of the craft serve process; after ${warmRequests.toLocaleString('en-US')} requests ${warm.toFixed(0)} MB, so the last ${(sizes.memoryRequests - warmRequests).toLocaleString('en-US')} added ${((median(samples.ours) / warm - 1) * 100).toFixed(0)}%`,
    ),
  ]
}
