#!/usr/bin/env node
// The `craft` command of a Mortar application. Everything lives in dist/console/entry.js; this
// file only hands it the arguments and exits with its code once the command is done (a handle a
// provider or package left open must not keep a finished command running). It exits only after
// stdout and stderr have flushed: a pipe takes writes asynchronously, and exiting at once would
// cut long output short.
import { main } from '../dist/console/entry.js'

const code = await main(process.argv.slice(2))
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
