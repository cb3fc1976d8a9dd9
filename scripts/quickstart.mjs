// `npm start`: the quick start. Scaffolds a demo application in .demo/app from this workspace
// (create-mortar with --mortar pointing at packages/mortar), installs the example blog package
// with `craft package:install`, runs the migrations, adds two posts and serves the app on
// http://127.0.0.1:8000 with the embedded SQLite database. Run it again to serve the same app.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const app = join(root, '.demo', 'app')
const craft = join(root, 'packages', 'mortar', 'bin', 'craft.js')
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' })
const port = process.env.PORT ?? '8000'

if (!existsSync(join(root, 'packages', 'mortar', 'dist', 'index.js'))) run('npm', ['run', 'build'])

if (!existsSync(join(app, 'package.json'))) {
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
}

console.log(`\n▸ Serving .demo/app: http://127.0.0.1:${port}/ (welcome) and http://127.0.0.1:${port}/blog (the package)\n`)
const server = spawn(process.execPath, [craft, 'serve', '--port', port], { cwd: app, stdio: 'inherit' })
const stop = () => server.kill('SIGTERM')
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
server.on('exit', (code) => process.exit(code ?? 0))
