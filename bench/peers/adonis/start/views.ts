// The generated package's templates, mounted as an Edge disk of its name: `pkg20::page` is then
// the same file Mortar renders as the package's `pkg20:page` view.
import { join } from 'node:path'
import edge from 'edge.js'
import env from '#start/env'

edge.mount(env.get('BENCH_PACKAGE'), join(env.get('BENCH_PACKAGE_ROOT'), 'templates'))
