// `npm start`: the quick start. Scaffolds a demo application in .demo/app from this workspace
// (create-mortar with --mortar pointing at packages/mortar), installs the example blog package and
// @mortar/auth with `craft package:install`, puts the blog's writing pages behind a login from the
// app's config/providers.ts, creates a demo user, adds two posts by them and serves the app on
// http://127.0.0.1:8000 with the embedded SQLite database. Run it again to serve the same app;
// a setup that failed part-way is started over.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const app = join(root, '.demo', 'app')
const craft = join(root, 'packages', 'mortar', 'bin', 'craft.js')
// Written after the last setup step: a setup cut short is done again from the start.
const ready = join(root, '.demo', 'ready')
const port = process.env.PORT ?? '8000'
const demo = { name: 'Demo', email: 'demo@example.com', password: 'mortar demo' }

/** Runs one setup step; on failure says which, and how to start again, instead of a stack. */
function run(command, args, cwd = root) {
  try {
    execFileSync(command, args, { cwd, stdio: 'inherit' })
  } catch {
    console.error(`\n✖ The quick start stopped at: ${[command === process.execPath ? 'node' : command, ...args].join(' ')}`)
    console.error('  Fix the error printed above, then run npm start again (it starts over in .demo/).')
    process.exit(1)
  }
}

const built = ['mortar', 'create-mortar'].every((name) => existsSync(join(root, 'packages', name, 'dist', 'index.js')))
if (!built) run('npm', ['run', 'build'])

if (!existsSync(ready)) {
  rmSync(join(root, '.demo'), { recursive: true, force: true })
  console.log('\n▸ Creating a Mortar application in .demo/app')
  run(process.execPath, [
    join(root, 'packages', 'create-mortar', 'bin', 'create-mortar.js'),
    app,
    '--mortar',
    join(root, 'packages', 'mortar'),
    '--yes',
  ])
  console.log('\n▸ Installing the example package (examples/blog) with craft package:install')
  run(process.execPath, [craft, 'package:install', join(root, 'examples', 'blog'), '--migrate'], app)
  console.log('\n▸ Installing @mortar/auth (packages/auth) with craft package:install')
  run(process.execPath, [craft, 'package:install', join(root, 'packages', 'auth'), '--yes'], app)
  console.log("\n▸ Putting the blog's writing pages behind a login, in config/providers.ts (the package is not edited)")
  const providers = join(app, 'config', 'providers.ts')
  const text = readFileSync(providers, 'utf8')
  const guarded = text.replace(
    /^ {2}packages: \{\},$/m,
    "  packages: {\n    // Writing and editing posts needs a login (@mortar/auth's middleware); reading stays public.\n    blog: { routes: { 'routes/admin.ts': { middleware: ['auth'] } } },\n  },",
  )
  if (guarded === text) {
    console.error('\n✖ The quick start could not find `packages: {}` in .demo/app/config/providers.ts; run npm start again.')
    process.exit(1)
  }
  writeFileSync(providers, guarded)
  console.log('\n▸ Creating the demo user')
  run(
    process.execPath,
    [craft, 'auth:create-user', '--name', demo.name, '--email', demo.email, '--password', demo.password, '--verified'],
    app,
  )
  const posts = join(app, 'storage', 'welcome-posts.csv')
  writeFileSync(
    posts,
    'Hello from Mortar,This post was imported by the blog package command.\nPackages,Config views routes migrations commands and assets from one npm package.\n',
  )
  run(process.execPath, [craft, 'blog:import', posts, '--author', demo.name], app)
  writeFileSync(ready, `${new Date().toISOString()}\n`)
}

console.log(`\n▸ Serving .demo/app: http://127.0.0.1:${port}/ (welcome) and http://127.0.0.1:${port}/blog (the blog, public)`)
console.log(`  Write posts at http://127.0.0.1:${port}/blog/admin: log in as ${demo.email} with the password "${demo.password}".`)
console.log('  Password reset mails are printed here and saved in .demo/app/storage/mail/.\n')
const server = spawn(process.execPath, [craft, 'serve', '--port', port], { cwd: app, stdio: 'inherit' })
const stop = () => server.kill('SIGTERM')
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
server.on('exit', (code) => process.exit(code ?? 0))
