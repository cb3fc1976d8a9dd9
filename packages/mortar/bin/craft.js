#!/usr/bin/env node
// The `craft` command of a Mortar application. Everything lives in dist/console/entry.js; this
// file only hands it the arguments and exits with its code.
import { main } from '../dist/console/entry.js'

process.exitCode = await main(process.argv.slice(2))
