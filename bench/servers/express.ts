// The Express 5 baseline: the generated package's JSON route with Express's defaults (ETag,
// x-powered-by), as an app written with Express would serve it. Run by bench/figures/http.ts.
import type { AddressInfo } from 'node:net'
import express from 'express'
import { packageFromEnv } from './package_env.js'

const { name, data } = await packageFromEnv()

const app = express()
app.get(`/${name}/items`, (_request, response) => {
  response.json(data.itemsPayload(name))
})

const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening on ${(server.address() as AddressInfo).port}`)
})
// Exit at once: open keep-alive sockets would make close() wait.
process.once('SIGTERM', () => process.exit(0))
