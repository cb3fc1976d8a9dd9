#!/usr/bin/env node
// `npm create mortar@latest <dir>`: scaffolds a Mortar application or package.
import { main } from '../dist/index.js'

process.exitCode = await main(process.argv.slice(2))
