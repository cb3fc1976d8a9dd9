// The routes of the generated package, answered from its own data.js and templates.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import router from '@adonisjs/core/services/router'
import env from '#start/env'
import { middleware } from '#start/kernel'

interface PackageData {
  itemsPayload(name: string): unknown
  pageData(name: string): Record<string, unknown>
}

const name = env.get('BENCH_PACKAGE')
const data = (await import(pathToFileURL(join(env.get('BENCH_PACKAGE_ROOT'), 'data.js')).href)) as PackageData

router.get(`/${name}/items`, () => data.itemsPayload(name))
router.get(`/${name}/page`, ({ view }) => view.render(`${name}::page`, data.pageData(name)))

router
  .group(() => {
    // Signs the client in: the session then holds the value the form page reads.
    router.get(`/${name}/login`, ({ session }) => {
      session.put('user', 'Ada Lovelace')
      return { ok: true }
    })
    router.get(`/${name}/form`, ({ view, session }) => view.render(`${name}::form`, { ...data.pageData(name), user: session.get('user') }))
  })
  .use([middleware.session(), middleware.shield()])
