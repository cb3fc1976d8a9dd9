import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createApp } from '../fixtures/app.js'
import { PACKAGE_VIEWS } from '../fixtures/package.js'
import type { Context } from '../lib/context.js'
import { type Figure, figure } from '../lib/figure.js'
import { type Launch, wallTime } from '../lib/proc.js'
import { median } from '../lib/stats.js'

/**
 * `craft package:publish big --resources views` of a package whose views folder holds 10,000
 * files, then `craft package:status big`, each spawn to exit, against `cp -r` of the same folder.
 * Every round starts from an app with nothing published. `craft package:list` (boot, no file work)
 * is timed beside them, so the note can tell the command's start-up from its file work.
 */
export async function publishFigures(context: Context): Promise<Figure[]> {
  const { sizes } = context
  // The package's own views are some of the files; the rest are library views.
  const app = await createApp(
    context.workdir,
    'app-publish',
    [{ name: 'big', migrations: 0, libraryViews: sizes.publishFiles - PACKAGE_VIEWS }],
    {
      warm: sizes.warmup,
    },
  )
  const pkg = app.packages[0]
  if (!pkg) throw new Error('no package in the publish fixture')
  const publish = app.craft(['package:publish', 'big', '--resources', 'views'])
  const status = app.craft(['package:status', 'big'])
  const boot = app.craft(['package:list'])
  const copyTarget = join(context.workdir, 'cp-target')
  const copy: Launch = { command: 'cp', args: ['-r', join(pkg.root, 'templates'), copyTarget] }

  const samples = { publish: [] as number[], status: [] as number[], copy: [] as number[], boot: [] as number[] }
  for (let run = sizes.warmup ? -1 : 0; run < sizes.publishRuns; run++) {
    await rm(join(app.root, 'templates', 'vendor'), { recursive: true, force: true })
    await rm(join(app.root, '.mortar'), { recursive: true, force: true })
    const publishMs = await wallTime(publish)
    // Every file must have been written (counted on disk: craft's piped output can be cut short),
    // and then be reported unchanged (package:status exits 0).
    const written = await readdir(join(app.root, 'templates', 'vendor', 'big'), { recursive: true, withFileTypes: true })
    const count = written.filter((entry) => entry.isFile()).length
    if (count !== sizes.publishFiles) throw new Error(`package:publish wrote ${count} of ${sizes.publishFiles} files`)
    const statusMs = await wallTime(status)
    await rm(copyTarget, { recursive: true, force: true })
    const copyMs = await wallTime(copy)
    const bootMs = sizes.explain ? await wallTime(boot) : Number.NaN
    if (run < 0) continue
    samples.publish.push(publishMs)
    samples.status.push(statusMs)
    samples.copy.push(copyMs)
    samples.boot.push(bootMs)
  }

  const bootMs = median(samples.boot)
  const work = (series: number[]) => {
    if (!Number.isFinite(bootMs)) return ''
    const ms = median(series) - bootMs
    return `; craft package:list (boot, no file work) takes ${Math.round(bootMs)} ms, leaving ${Math.round(ms)} ms of file work (${(ms / median(samples.copy)).toFixed(1)}× cp -r)`
  }
  const files = sizes.publishFiles.toLocaleString('en-US')
  return [
    figure(
      `craft package:publish, ${files} files`,
      'cp -r of the same files',
      'ms',
      { op: '<=', value: 3 },
      { ours: samples.publish, baseline: samples.copy },
      `spawn to exit${work(samples.publish)}`,
    ),
    figure(
      `craft package:status after it, ${files} files`,
      'cp -r of the same files',
      'ms',
      { op: '<=', value: 2 },
      { ours: samples.status, baseline: samples.copy },
      `spawn to exit${work(samples.status)}`,
    ),
  ]
}
