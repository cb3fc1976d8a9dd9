// `npm run bench`: runs every figure against its baseline and prints the table (Markdown, as
// docs/performance.md keeps it). Options:
//   --smoke          each figure once with tiny sizes (checks the suite works; numbers mean nothing)
//   --only a,b       only these figures: http, state, list, serve, publish, migrate, memory
//   --keep           keep the generated fixtures (the temp folder is printed)
//   --cpu-prof DIR   every craft process (servers included) writes a V8 CPU profile into DIR
// The figures are also written to bench/results/latest.json (not committed). It exits 1 only when
// a figure could not be measured: a missed target is a finding, recorded in docs/performance.md.
import { mkdir, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { FULL, SMOKE } from './lib/context.js'
import { machine, table } from './lib/table.js'
import { runSuite } from './suite.js'

const { values } = parseArgs({
  options: { smoke: { type: 'boolean' }, only: { type: 'string' }, keep: { type: 'boolean' }, 'cpu-prof': { type: 'string' } },
})
if (values['cpu-prof']) process.env.BENCH_CPU_PROF = resolve(values['cpu-prof'])
const started = performance.now()
const sizes = values.smoke ? SMOKE : FULL
const log = (line: string) => process.stderr.write(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}\n`)

console.log(`Mortar benchmarks${values.smoke ? ' (smoke: tiny sizes, numbers are meaningless)' : ''}`)
console.log(`Machine: ${machine()}`)
const figures = await runSuite({ sizes, only: values.only?.split(',').filter(Boolean), keep: values.keep, log }).catch((error: Error) => {
  console.error(`error ${error.message}`)
  process.exit(1)
})
const seconds = (performance.now() - started) / 1000
console.log('')
console.log(table(figures))
console.log('')
const errors = figures.filter((f) => f.error).length
console.log(
  `${figures.filter((f) => f.pass).length} of ${figures.length} targets met, in ${seconds.toFixed(0)} s${errors ? `; ${errors} figure(s) could not be measured` : ''}`,
)
// Missed targets are findings (see docs/performance.md), not failures; a figure that broke is.
if (errors) process.exitCode = 1

const results = new URL('./results/', import.meta.url)
await mkdir(results, { recursive: true })
await writeFile(
  new URL('latest.json', results),
  `${JSON.stringify({ machine: machine(), date: new Date().toISOString(), smoke: Boolean(values.smoke), seconds, figures }, null, 2)}\n`,
)
