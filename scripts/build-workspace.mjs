// Builds the calling workspace's TypeScript into dist/ without a moment where dist/ is missing
// or holds files whose source was deleted: tsc writes dist.next/, which then replaces dist/.
import { execFileSync } from 'node:child_process'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
rmSync('dist.next', { recursive: true, force: true })
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', 'dist.next'], { stdio: 'inherit' })
rmSync('dist.old', { recursive: true, force: true })
if (existsSync('dist')) renameSync('dist', 'dist.old')
renameSync('dist.next', 'dist')
rmSync('dist.old', { recursive: true, force: true })
