// `npm start`: the quick start. Scaffolds a demo application in .demo/app from this workspace
// (create-mortar with --mortar pointing at packages/mortar), installs the example blog package
// with `craft package:install`, runs the migrations, adds two posts and serves the app on
// http://127.0.0.1:8000 with the embedded SQLite database. Run it again to serve the same app;
// a setup that failed part-way is started over.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const app = join(root, '.demo', 'app')
const craft = join(root, 'packages', 'mortar', 'bin', 'craft.js')
// Written after the last setup step: a setup cut short is done again from the start.
const ready = join(root, '.demo', 'ready')
const port = process.env.PORT ?? '8000'

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
  const posts = join(app, 'storage', 'welcome-posts.csv')
  writeFileSync(
    posts,
    'Hello from Mortar,This post was imported by the blog package command.\nPackages,Config views routes migrations commands and assets from one npm package.\n',
  )
  run(process.execPath, [craft, 'blog:import', posts], app)
  writeFileSync(ready, `${new Date().toISOString()}\n`)
}

console.log(`\n▸ Serving .demo/app: http://127.0.0.1:${port}/ (welcome) and http://127.0.0.1:${port}/blog (the package)\n`)
const server = spawn(process.execPath, [craft, 'serve', '--port', port], { cwd: app, stdio: 'inherit' })
const stop = () => server.kill('SIGTERM')
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
server.on('exit', (code) => process.exit(code ?? 0))
