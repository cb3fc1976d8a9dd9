import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { largeApp } from '../fixtures/shared.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { expectOk, getJson } from '../lib/http_get.js'
import { residentMb, startProcess } from '../lib/proc.js'
import { median } from '../lib/stats.js'
import { mortarServer, SERVING } from './http.js'

/**
 * Resident memory of `craft serve` (production) of an app with 50 packages after 20,000 requests,
 * against the same process after 2,000 (the first tenth). The requests go round every package's
 * JSON route and page, so each route, template and cache is used. Growth before the first tenth is
 * the heap and the caches reaching their working size (the size after the first request is in the
 * note); growth after it is what a leak would show.
 *
 * A leak shows in the live heap more plainly than in RSS, which also holds the room V8 keeps for
 * its young generation and for growth: so the server runs with `--expose-gc`, and an extra route
 * of the app, `/api/heap`, answers the heap used after a full collection. It is read just after
 * each RSS reading, so a collection never comes before the reading it could lower.
 */
export async function memoryFigure(context: Context): Promise<Figure[]> {
  const { sizes } = context
  const app = await largeApp(context)
  await writeFile(join(app.root, 'routes', 'api.ts'), HEAP_ROUTES)
  const paths = app.packages.flatMap((pkg) => [`/${pkg.name}/items`, `/${pkg.name}/page`])
  const warmRequests = Math.round(sizes.memoryRequests / 10)
  const samples = {
    ours: [] as number[],
    baseline: [] as number[],
    first: [] as number[],
    heapFirst: [] as number[],
    heapWarm: [] as number[],
    heapEnd: [] as number[],
  }
  const launch = mortarServer(app)
  for (let run = 0; run < sizes.heavyRuns; run++) {
    const server = await startProcess({ ...launch, args: ['--expose-gc', ...launch.args] }, SERVING)
    const liveHeapMb = async () => (await getJson<{ heapUsed: number }>(server.port, '/api/heap')).heapUsed / 1024 / 1024
    try {
      await expectOk(server.port, paths[0] as string)
      samples.first.push(residentMb(server.pid))
      samples.heapFirst.push(await liveHeapMb())
      const load = (requests: number) => context.loadClient().run({ port: server.port, paths, connections: 8, requests })
      await load(warmRequests)
      samples.baseline.push(residentMb(server.pid))
      samples.heapWarm.push(await liveHeapMb())
      await load(sizes.memoryRequests - warmRequests)
      samples.ours.push(residentMb(server.pid))
      samples.heapEnd.push(await liveHeapMb())
    } finally {
      await server.stop()
    }
  }
  const warm = median(samples.baseline)
  const heap = `live heap after a full collection: ${median(samples.heapFirst).toFixed(1)} MB after the first request, ${median(samples.heapWarm).toFixed(1)} MB after ${warmRequests.toLocaleString('en-US')}, ${median(samples.heapEnd).toFixed(1)} MB at the end`
  return [
    figure(
      `resident memory after ${sizes.memoryRequests.toLocaleString('en-US')} requests (${sizes.appPackages} packages)`,
      `the same process after ${warmRequests.toLocaleString('en-US')}`,
      'MB',
      { op: '<=', value: 1.1 },
      { ours: samples.ours, baseline: samples.baseline },
      `VmRSS of the craft serve process; ${median(samples.first).toFixed(0)} MB after its first request, ${warm.toFixed(0)} MB after ${warmRequests.toLocaleString('en-US')}; ${heap}`,
    ),
  ]
}

/** The app's API routes for this figure: its health route, and the live heap after a full GC. */
const HEAP_ROUTES = `import { Route } from 'mortar'

export default [
  Route.get('/health', () => ({ status: 'ok' })).name('api.health'),
  Route.get('/heap', () => {
    ;(globalThis as { gc?: () => void }).gc?.()
    return { heapUsed: process.memoryUsage().heapUsed }
  }).name('api.heap'),
]
`
