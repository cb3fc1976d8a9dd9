#!/usr/bin/env node
// The `craft` command of a Mortar application. Everything lives in dist/console/entry.js; this
// file only hands it the arguments and exits with its code once the command is done (a handle a
// provider or package left open must not keep a finished command running).
import { main } from '../dist/console/entry.js'

process.exit(await main(process.argv.slice(2)))
