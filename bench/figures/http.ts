import { ADONIS_VERSION, adonisApp } from '../fixtures/adonis.js'
import type { AppFixture } from '../fixtures/app.js'
import { packagesApp } from '../fixtures/shared.js'
import type { Context } from '../lib/context.js'
import { cpuFigure, type Figure, figure } from '../lib/figure.js'
import { pinned, tsScript } from '../lib/node.js'
import { cpuMs, type Launch, type RunningProcess, startProcess } from '../lib/proc.js'
import { median } from '../lib/stats.js'

/** Matches `craft serve`'s "Mortar is serving http://127.0.0.1:PORT" and the baselines' line. */
export const SERVING = /(?:serving http:\/\/[^\s:]+:|listening on )(\d+)/

/** `craft serve` of `app` as production runs it: APP_ENV=production, no reloader, a free port. */
export function mortarServer(app: AppFixture): Launch {
  return app.craft(['serve', '--no-reload', '--port', '0'])
}

/**
 * Requests per second of one package's JSON route and of its page (layout, 20-item loop, escaped
 * values) in an app with 20 packages, against bare Hono serving the same route and rendering the
 * same template, and the JSON route against Express 5 and against the AdonisJS 6 app's production
 * build. The four servers run side by side, each pinned to CPU 0 with the load client on CPU 1;
 * every round loads each of them in turn.
 */
export async function httpFigures(context: Context): Promise<Figure[]> {
  const { sizes } = context
  const app = await packagesApp(context)
  const adonis = await adonisApp(context)
  // The last package mounted: its routes come after every other package's.
  const target = app.packages.at(-1)
  if (!target) throw new Error('the HTTP fixture has no package')
  const json = `/${target.name}/items`
  const page = `/${target.name}/page`
  const baselineEnv = { NODE_ENV: 'production', BENCH_PACKAGE: target.name, BENCH_PACKAGE_ROOT: target.root }

  const started: RunningProcess[] = []
  const start = async (launch: Launch) => {
    const server = await startProcess(pinned(launch, 0), SERVING)
    started.push(server)
    return server
  }
  try {
    const mortar = await start(mortarServer(app))
    const hono = await start(tsScript('servers/hono.ts', [], baselineEnv))
    const express = await start(tsScript('servers/express.ts', [], baselineEnv))
    const adonisServer = await start(adonis.server(target))

    // req/s is the figure. The server's CPU time per answer is kept beside it: it tells the same
    // story with less noise when other work shares the machine.
    const cpu = new Map<string, number[]>()
    const measure = async (server: RunningProcess, path: string, warmupMs = sizes.loadWarmupMs, durationMs = sizes.loadDurationMs) => {
      const before = cpuMs(server.pid)
      const options = { port: server.port, paths: [path], connections: sizes.httpConnections, warmupMs, durationMs }
      const result = await context.loadClient().run(options)
      const key = `${server.pid} ${path}`
      cpu.set(key, [...(cpu.get(key) ?? []), ((cpuMs(server.pid) - before) * 1000) / result.total])
      return result.rps
    }

    if (sizes.serverWarmupMs > 0) {
      context.log('warming the servers up')
      for (const [server, path] of [
        [mortar, json],
        [mortar, page],
        [hono, json],
        [hono, page],
        [express, json],
        [adonisServer, json],
      ] as const) {
        await measure(server, path, 0, sizes.serverWarmupMs)
      }
      cpu.clear()
    }

    const samples = {
      json: [] as number[],
      honoJson: [] as number[],
      expressJson: [] as number[],
      adonisJson: [] as number[],
      page: [] as number[],
      honoPage: [] as number[],
    }
    for (let run = 0; run < sizes.httpRuns; run++) {
      context.log(`req/s round ${run + 1}/${sizes.httpRuns}`)
      samples.json.push(await measure(mortar, json))
      samples.honoJson.push(await measure(hono, json))
      samples.expressJson.push(await measure(express, json))
      samples.adonisJson.push(await measure(adonisServer, json))
      samples.page.push(await measure(mortar, page))
      samples.honoPage.push(await measure(hono, page))
    }

    const note = (theirs: RunningProcess, path: string) => {
      const ours = median(cpu.get(`${mortar.pid} ${path}`) ?? [])
      const baseline = median(cpu.get(`${theirs.pid} ${path}`) ?? [])
      return `${sizes.httpConnections} connections, ${sizes.loadDurationMs / 1000} s per run; server CPU per answer ${ours.toFixed(0)} µs vs ${baseline.toFixed(0)} µs (${(baseline / ours).toFixed(2)}× as a throughput ratio)`
    }
    return [
      figure(
        `req/s, JSON route of a package (${sizes.httpPackages} packages)`,
        'bare Hono + @hono/node-server',
        'req/s',
        { op: '>=', value: 0.85 },
        { ours: samples.json, baseline: samples.honoJson },
        note(hono, json),
      ),
      figure(
        'req/s, package view (layout, 20-item loop, escaped)',
        'bare Hono + the same Edge template',
        'req/s',
        { op: '>=', value: 0.85 },
        { ours: samples.page, baseline: samples.honoPage },
        note(hono, page),
      ),
      figure(
        'req/s, same JSON route',
        'Express 5',
        'req/s',
        { op: '>=', value: 3 },
        { ours: samples.json, baseline: samples.expressJson },
        note(express, json),
      ),
      cpuFigure(
        'server CPU per answer, same JSON route',
        `AdonisJS ${ADONIS_VERSION} (production build)`,
        { op: '>=', value: 2.5 },
        { ours: cpu.get(`${mortar.pid} ${json}`) ?? [], baseline: cpu.get(`${adonisServer.pid} ${json}`) ?? [] },
        `judged by CPU: the load client saturates first; req/s ${median(samples.json).toFixed(0)} vs ${median(samples.adonisJson).toFixed(0)} (${(median(samples.json) / median(samples.adonisJson)).toFixed(2)}×); ${sizes.httpConnections} connections, ${sizes.loadDurationMs / 1000} s per run`,
      ),
    ]
  } finally {
    for (const server of started) await server.stop()
  }
}
