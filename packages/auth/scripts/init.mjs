// `make init` (or `npm run init`): installs the package's dependencies, then the test application's
// in tests/integrations, which links this package through its "file:../.." dependency, and gives
// the test application a .env of its own.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const app = join(root, 'tests', 'integrations')

for (const folder of [root, app]) {
  console.log(`npm install in ${folder === root ? '.' : 'tests/integrations'}`)
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: folder,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

if (!existsSync(join(app, '.env'))) {
  copyFileSync(join(app, '.env.example'), join(app, '.env'))
  console.log('Copied tests/integrations/.env.example to tests/integrations/.env')
}
