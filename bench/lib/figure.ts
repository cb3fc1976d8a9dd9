import { median } from './stats.js'

/** A target: the ratio ours / baseline must be at least (`>=`) or at most (`<=`) `value`. */
export interface Target {
  op: '>=' | '<='
  value: number
}

/** One row of the table: both medians, their ratio and whether it meets the target. */
export interface Figure {
  name: string
  baselineName: string
  unit: string
  ours: number
  baseline: number
  ratio: number
  target: Target
  pass: boolean
  runs: number
  samples: { ours: number[]; baseline: number[] }
  /** Anything a reader must know to read the row (a fallback taken, what was measured). */
  note?: string
  /** Set when the figure could not be measured (see `note`). */
  error?: boolean
}

/** Builds a figure from the samples of both sides (medians, ratio, verdict). */
export function figure(
  name: string,
  baselineName: string,
  unit: string,
  target: Target,
  samples: { ours: number[]; baseline: number[] },
  note?: string,
): Figure {
  const ours = median(samples.ours)
  const baseline = median(samples.baseline)
  const ratio = ours / baseline
  const pass = Number.isFinite(ratio) && (target.op === '>=' ? ratio >= target.value : ratio <= target.value)
  return { name, baselineName, unit, ours, baseline, ratio, target, pass, runs: samples.ours.length, samples, ...(note ? { note } : {}) }
}

/**
 * A figure judged by the servers' CPU time per answer rather than by req/s, for where one load
 * client on one core saturates before the servers do: both sides as answers per second of server
 * CPU (1 / CPU per answer), so that its ratio reads as a throughput ratio.
 */
export function cpuFigure(
  name: string,
  baselineName: string,
  target: Target,
  cpuMicroseconds: { ours: number[]; baseline: number[] },
  note?: string,
): Figure {
  const perSecond = (values: number[]) => values.map((us) => 1e6 / us)
  return figure(
    name,
    baselineName,
    'answers/CPU-s',
    target,
    { ours: perSecond(cpuMicroseconds.ours), baseline: perSecond(cpuMicroseconds.baseline) },
    note,
  )
}

/** The row of a figure that could not be measured: no numbers, and the error's first line as note. */
export function failed(name: string, error: unknown): Figure {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
  return {
    ...figure(name, '—', '', { op: '>=', value: Number.NaN }, { ours: [], baseline: [] }, `ERROR ${message}`),
    error: true,
  }
}
