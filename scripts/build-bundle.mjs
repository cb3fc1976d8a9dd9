// Builds create-mortar's dist/index.js with esbuild: its own modules, and the dependency-free
// modules of mortar's source it reads (the resource kinds, the app layout, the reserved package
// names; see src/mortar_rules.ts), bundled in, so that `npm create mortar` installs nothing of
// mortar's. npm packages stay imports. Like build-workspace.mjs, dist/ is replaced in one step.
import { existsSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'

const esbuild = createRequire(import.meta.url)('esbuild')
rmSync('dist.next', { recursive: true, force: true })
await esbuild.build({
  entryPoints: ['src/index.ts'],
  outdir: 'dist.next',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
})
rmSync('dist.old', { recursive: true, force: true })
if (existsSync('dist')) renameSync('dist', 'dist.old')
renameSync('dist.next', 'dist')
rmSync('dist.old', { recursive: true, force: true })
