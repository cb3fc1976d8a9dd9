import { ADONIS_VERSION, adonisApp } from '../fixtures/adonis.js'
import { createApp, packageSpecs } from '../fixtures/app.js'
import { FORM_BODY } from '../fixtures/sources.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import type { LoadOptions } from '../lib/load.js'
import { pinned, tsScript } from '../lib/node.js'
import { cpuMs, type Launch, type RunningProcess, runProcess, startProcess } from '../lib/proc.js'
import { send, signIn } from '../lib/session.js'
import { median } from '../lib/stats.js'
import { mortarServer, SERVING } from './http.js'

/** Where the redis session driver of the figure stores its sessions (the machine's Redis). */
const REDIS_URL = 'redis://127.0.0.1:6379/0'

/**
 * Requests per second of a page behind a session and CSRF protection (the session read, a CSRF
 * field rendered; layout and 20-item loop as the package view) and of a form POST validated by a
 * valibot schema and answered 303, for a signed-in client:
 *
 * - the page, cookie session: Mortar against the AdonisJS app (session + Shield) and against
 *   Fastify 5 (@fastify/secure-session + @fastify/csrf-protection);
 * - the POST: Mortar (`ctx.validate(schema)`) against Fastify (valibot's `safeParse`);
 * - the page with the `database` session driver (SQLite) and with `redis`, against the same page
 *   with the `cookie` driver: three `craft serve` of the same app, SESSION_DRIVER apart.
 *
 * All servers run side by side, pinned to CPU 0, the load client on CPU 1; every round loads each
 * in turn, as the other req/s figures do.
 */
export async function stateFigures(context: Context): Promise<Figure[]> {
  const { sizes } = context
  const app = await createApp(
    context.workdir,
    'app-state',
    packageSpecs(sizes.httpPackages).map((spec) => ({ ...spec, state: true })),
    {
      warm: sizes.warmup,
    },
  )
  const adonis = await adonisApp(context)
  const target = app.packages.at(-1)
  if (!target) throw new Error('the state fixture has no package')
  // The database driver's sessions table.
  await runProcess(app.craft(['migrate']))
  const baselineEnv = { NODE_ENV: 'production', BENCH_PACKAGE: target.name, BENCH_PACKAGE_ROOT: target.root }

  const started: RunningProcess[] = []
  const start = async (launch: Launch) => {
    const server = await startProcess(pinned(launch, 0), SERVING)
    started.push(server)
    return server
  }
  const withEnv = (launch: Launch, env: Record<string, string>): Launch => ({ ...launch, env: { ...launch.env, ...env } })
  try {
    const servers = {
      cookie: await start(withEnv(mortarServer(app), { SESSION_DRIVER: 'cookie' })),
      database: await start(withEnv(mortarServer(app), { SESSION_DRIVER: 'database' })),
      redis: await start(withEnv(mortarServer(app), { SESSION_DRIVER: 'redis', REDIS_URL })),
      adonis: await start(adonis.server(target, { SESSION_DRIVER: 'cookie' })),
      fastify: await start(tsScript('servers/fastify.ts', [], baselineEnv)),
    }
    const page = `/${target.name}/form`
    const post = `/${target.name}/items`
    const jobs = new Map<string, { server: RunningProcess; options: Omit<LoadOptions, 'port' | 'connections'> }>()
    for (const [side, server] of Object.entries(servers)) {
      const client = await signIn(server.port, target.name)
      const headers = { Cookie: client.cookie }
      jobs.set(`${side} page`, { server, options: { paths: [page], headers } })
      if (side === 'cookie' || side === 'fastify') {
        const body = `${client.field}=${encodeURIComponent(client.token)}&${FORM_BODY}`
        // A POST that does not reach the success redirect (a failed check answers 303 too, but
        // elsewhere) must not pass as fast: the first one is checked by hand.
        const answer = await send(server.port, 'POST', post, client.cookie, body)
        if (answer.status !== 303 || answer.location !== page)
          throw new Error(`${side}: POST ${post} answered ${answer.status} to ${answer.location}, not 303 to ${page}`)
        jobs.set(`${side} post`, { server, options: { paths: [post], headers, method: 'POST', body, expectClass: '3' } })
      }
    }

    const cpu = new Map<string, number[]>()
    const rps = new Map<string, number[]>()
    const measure = async (job: string, warmupMs = sizes.loadWarmupMs, durationMs = sizes.loadDurationMs) => {
      const { server, options } = jobs.get(job) as NonNullable<ReturnType<typeof jobs.get>>
      const before = cpuMs(server.pid)
      const result = await context
        .loadClient()
        .run({ ...options, port: server.port, connections: sizes.httpConnections, warmupMs, durationMs })
      cpu.set(job, [...(cpu.get(job) ?? []), ((cpuMs(server.pid) - before) * 1000) / result.total])
      rps.set(job, [...(rps.get(job) ?? []), result.rps])
    }
    if (sizes.serverWarmupMs > 0) {
      context.log('warming the session servers up')
      for (const job of jobs.keys()) await measure(job, 0, sizes.serverWarmupMs)
      cpu.clear()
      rps.clear()
    }
    for (let run = 0; run < sizes.httpRuns; run++) {
      context.log(`session req/s round ${run + 1}/${sizes.httpRuns}`)
      for (const job of jobs.keys()) await measure(job)
    }

    const samples = (ours: string, baseline: string) => ({ ours: rps.get(ours) ?? [], baseline: rps.get(baseline) ?? [] })
    const note = (ours: string, baseline: string) => {
      const a = median(cpu.get(ours) ?? [])
      const b = median(cpu.get(baseline) ?? [])
      return `${sizes.httpConnections} connections, ${sizes.loadDurationMs / 1000} s per run; server CPU per answer ${a.toFixed(0)} µs vs ${b.toFixed(0)} µs (${(b / a).toFixed(2)}× as a throughput ratio)`
    }
    const pageName = 'req/s, page behind session + CSRF (cookie session)'
    return [
      figure(
        pageName,
        `AdonisJS ${ADONIS_VERSION}, session + Shield`,
        'req/s',
        { op: '>=', value: 1.5 },
        samples('cookie page', 'adonis page'),
        note('cookie page', 'adonis page'),
      ),
      figure(
        'req/s, same page',
        'Fastify 5 + secure-session + csrf-protection',
        'req/s',
        { op: '>=', value: 0.8 },
        samples('cookie page', 'fastify page'),
        note('cookie page', 'fastify page'),
      ),
      figure(
        'req/s, form POST validated by a schema, 303',
        'Fastify 5, same valibot schema',
        'req/s',
        { op: '>=', value: 0.8 },
        samples('cookie post', 'fastify post'),
        note('cookie post', 'fastify post'),
      ),
      figure(
        'req/s, same page, database session driver (SQLite)',
        'the same page, cookie driver',
        'req/s',
        { op: '>=', value: 0.6 },
        samples('database page', 'cookie page'),
        note('database page', 'cookie page'),
      ),
      figure(
        'req/s, same page, redis session driver',
        'the same page, cookie driver',
        'req/s',
        { op: '>=', value: 0.7 },
        samples('redis page', 'cookie page'),
        note('redis page', 'cookie page'),
      ),
    ]
  } finally {
    for (const server of started) await server.stop()
  }
}
