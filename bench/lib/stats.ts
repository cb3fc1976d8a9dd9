/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * Runs `ours` and `baseline` alternately, `runs` times each (A B A B …), so that drift on a shared
 * machine (another process, thermal state) touches both sides alike. With `warmup`, one more
 * round runs first and is not counted (disk cache, tsx's transform cache).
 */
export async function alternate(
  options: { runs: number; warmup: boolean },
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ ours: number[]; baseline: number[] }> {
  const samples = { ours: [] as number[], baseline: [] as number[] }
  for (let run = options.warmup ? -1 : 0; run < options.runs; run++) {
    const a = await ours()
    const b = await baseline()
    if (run < 0) continue
    samples.ours.push(a)
    samples.baseline.push(b)
  }
  return samples
}

/**
 * {@link alternate} for any number of sides: each round runs every side once, in the order given
 * (A B C A B C …), after one uncounted round with `warmup`.
 */
export async function alternateAll<K extends string>(
  options: { runs: number; warmup: boolean },
  sides: Record<K, () => Promise<number>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(sides) as K[]
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>
  for (let run = options.warmup ? -1 : 0; run < options.runs; run++) {
    for (const name of names) {
      const value = await sides[name]()
      if (run >= 0) samples[name].push(value)
    }
  }
  return samples
}
