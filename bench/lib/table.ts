import { cpus, release, totalmem } from 'node:os'
import type { Figure } from './figure.js'

/** The machine the figures were measured on, in one line. */
export function machine(): string {
  const cores = cpus()
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`
}

/** The figures as a Markdown table (what the suite prints and docs/performance.md keeps). */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    f.baselineName,
    `${format(f.ours)} ${f.unit}`,
    `${format(f.baseline)} ${f.unit}`,
    Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}×` : 'n/a',
    f.error ? '—' : `${f.target.op} ${f.target.value}×`,
    f.error ? 'ERROR' : f.pass ? 'pass' : 'FAIL',
    String(f.runs),
  ])
  const header = ['figure', 'baseline', 'ours (median)', 'baseline (median)', 'ratio', 'target', 'result', 'runs']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)))
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] as number)).join(' | ')} |`
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`)
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), ...(notes.length ? ['', ...notes] : [])].join(
    '\n',
  )
}

function format(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value >= 1000) return Math.round(value).toLocaleString('en-US')
  if (value >= 100) return value.toFixed(0)
  return value.toFixed(1)
}
