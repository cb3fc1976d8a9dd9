// The HTTP entry point, as an AdonisJS 6 app has it, with one addition: the port the server
// listens on is printed ("listening on PORT"), so the bench can start it on a free one (PORT=0).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) return import(new URL(filePath, APP_ROOT).href)
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => process.exit(0))
  })
  .httpServer()
  .start((handler) => {
    const server = createServer(handler)
    server.once('listening', () => console.log(`listening on ${(server.address() as AddressInfo).port}`))
    return server
  })
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
