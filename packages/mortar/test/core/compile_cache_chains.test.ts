// The compile cache follows imports to any depth on the first run: an app command three imports
// deep, an app provider that imports middleware, an installed package's controller that imports a
// library that imports another. And it notices a compiled copy that disappeared while `craft serve`
// runs, compiling it again instead of failing every request until a restart.
import assert from 'node:assert/strict'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp, type ServedApp, serveApp } from '../support/temp_app.js'
import { writeFiles } from './support.js'

const T = { timeout: 60_000 }

/** A command whose module imports a chain three files long: chain.ts → a → b → c. */
const COMMAND_CHAIN = {
  'app/commands/chain.ts': `import { Command } from 'mortar'
import { a } from '../lib/a.js'

export class Chain extends Command {
  static signature = 'chain'
  static description = 'Print what the import chain gives'

  async handle() {
    this.line(a())
  }
}
`,
  'app/lib/a.ts': "import { b } from './b.js'\nexport const a = (): string => 'a>' + b()\n",
  'app/lib/b.ts': "import { c } from './c.js'\nexport const b = (): string => 'b>' + c()\n",
  'app/lib/c.ts': "export const c = (): string => 'c'\n",
}

/**
 * An installed package (a plain folder in node_modules, as npm leaves a tarball) whose controllers
 * import lib/posts.ts, which imports lib/validation.ts, which imports lib/rules.ts.
 */
const POSTS_PACKAGE = {
  'node_modules/acme-posts/package.json': JSON.stringify({
    name: 'acme-posts',
    version: '1.0.0',
    type: 'module',
    mortar: { provider: './provider.js' },
  }),
  'node_modules/acme-posts/provider.js': `import { PackageProvider } from 'mortar'
export default class PostsProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url).name('posts').controllers('controllers').routes('routes/web.ts')
  }
}
`,
  'node_modules/acme-posts/routes/web.ts': `import { Route } from 'mortar'
export default [Route.get('/posts', 'PostsController@index'), Route.get('/tags', 'TagsController@index')]
`,
  'node_modules/acme-posts/controllers/posts_controller.ts': `import { listPosts } from '../lib/posts.js'
export class PostsController {
  index() {
    return listPosts()
  }
}
`,
  'node_modules/acme-posts/controllers/tags_controller.ts': `import { validTitle } from '../lib/validation.js'
export class TagsController {
  index() {
    return { tags: ['news'], valid: validTitle('news') }
  }
}
`,
  'node_modules/acme-posts/lib/posts.ts': `import { validTitle } from './validation.js'
export const listPosts = () => ({ posts: ['Hello'].filter(validTitle) })
`,
  'node_modules/acme-posts/lib/validation.ts': `import { MIN_LENGTH } from './rules.js'
export const validTitle = (title: string): boolean => title.length >= MIN_LENGTH
`,
  'node_modules/acme-posts/lib/rules.ts': 'export const MIN_LENGTH: number = 2\n',
}

function addDependency(root: string, name: string): void {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  manifest.dependencies[name] = '1.0.0'
  writeFileSync(join(root, 'package.json'), JSON.stringify(manifest, null, 2))
}

describe('compile cache: import chains on the first run', { timeout: 240_000 }, () => {
  let root: string
  let served: ServedApp | undefined
  before(() => {
    root = createTempApp({ name: 'compile-chains' })
    writeFiles(root, { ...COMMAND_CHAIN, ...POSTS_PACKAGE })
    addDependency(root, 'acme-posts')
  })
  after(async () => {
    await served?.stop()
    removeTempApp(root)
  })

  it('runs an app command three imports deep on its first run', () => {
    const run = craft(root, ['chain'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout.trim(), 'a>b>c')
  })

  it('compiles a chain of new imports that a changed file gained, on the next run', () => {
    writeFiles(root, {
      'app/lib/c.ts': "import { d } from './d.js'\nexport const c = (): string => 'c>' + d()\n",
      'app/lib/d.ts': "import { e } from './e.js'\nexport const d = (): string => 'd>' + e()\n",
      'app/lib/e.ts': "export const e = (): string => 'e'\n",
    })
    const run = craft(root, ['chain'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout.trim(), 'a>b>c>d>e')
  })

  it("answers an installed package's controller three imports deep on its first request", async () => {
    served = await serveApp(root)
    const answer = await fetch(`${served.url}/posts`)
    assert.equal(answer.status, 200, await answer.clone().text())
    assert.deepEqual(await answer.json(), { posts: ['Hello'] })
  })

  it('compiles again what was deleted from storage/framework/compiled while serving', async () => {
    assert.ok(served, 'the server of the previous test runs')
    rmSync(join(root, 'storage', 'framework', 'compiled'), { recursive: true, force: true })
    // TagsController was never loaded; the library it imports was, from a copy now deleted.
    const tags = await fetch(`${served.url}/tags`)
    assert.equal(tags.status, 200, await tags.clone().text())
    assert.deepEqual(await tags.json(), { tags: ['news'], valid: true })
    const posts = await fetch(`${served.url}/posts`)
    assert.equal(posts.status, 200)
    const run = craft(root, ['chain'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout.trim(), 'a>b>c>d>e')
  })
})

describe('compile cache: an app provider that imports middleware', { timeout: 120_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'compile-provider' })
    writeFiles(root, {
      'app/providers/app_provider.ts': `import { Provider } from 'mortar'
import { appGuard } from '../middleware/app_guard.js'

export default class AppProvider extends Provider {
  boot() {
    this.app.middleware.alias('guard', appGuard)
  }
}
`,
      'app/middleware/app_guard.ts': `import type { Middleware } from 'mortar'
import { reason } from './guard_reason.js'

export const appGuard: Middleware = () => new Response(\`blocked by \${reason()}\`, { status: 403 })
`,
      'app/middleware/guard_reason.ts': "export const reason = (): string => 'the app guard'\n",
      'routes/web.ts': `import { Route } from 'mortar'

export default [Route.get('/', 'WelcomeController@show').name('welcome'), Route.get('/guarded', () => 'inside').middleware('guard')]
`,
    })
  })
  after(() => removeTempApp(root))

  it('boots on the first run (config/providers.ts → provider → middleware → helper)', async () => {
    const run = craft(root, ['routes:list'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /\/guarded.*guard/)
    const served = await serveApp(root, { args: ['--no-reload'] })
    try {
      const answer = await fetch(`${served.url}/guarded`)
      assert.equal(answer.status, 403)
      assert.equal(await answer.text(), 'blocked by the app guard')
    } finally {
      await served.stop()
    }
  })
})
