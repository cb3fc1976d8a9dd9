import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { mortarSpec } from './mortar_spec.js'
import { npmNameProblem } from './names.js'
import { Asker } from './prompts.js'
import { askApp, writeApp } from './scaffold_app.js'
import { askPackage, PACKAGE_FLAGS, writePackage } from './scaffold_package.js'

const USAGE = `Usage: npm create mortar@latest <dir> [-- options]

Options:
  --template app|package   what to create (default: app)
  --mortar <spec>          the mortar to depend on: a version, a folder or a .tgz
  --no-install             do not run npm install
  --yes                    accept every default, ask nothing
  --name <npm-name>        the package.json name (default: from <dir>)
  --description <text>
Package template only:
  --package-name <name>    the Mortar package name (config('<name>.…'), view('<name>:…'))
  --author <text>  --license <spdx>
  --resources <list>       config,views,migrations,routes,assets,commands (default: all)`

/** `create-mortar`: resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        template: { type: 'string' },
        mortar: { type: 'string' },
        'no-install': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        name: { type: 'string' },
        description: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...PACKAGE_FLAGS,
      },
    })
  } catch (error) {
    console.error(`error ${(error as Error).message.split('\n')[0]}\n\n${USAGE}`)
    return 2
  }
  const flags = parsed.values as Record<string, unknown>
  if (flags.help) {
    console.log(USAGE)
    return 0
  }
  const asker = new Asker(Boolean(process.stdin.isTTY) && !flags.yes)
  const template = (flags.template as string | undefined) ?? 'app'
  if (template !== 'app' && template !== 'package') {
    console.error(`error --template must be "app" or "package", not "${template}"`)
    return 2
  }
  const dir = parsed.positionals[0] ?? (await asker.text('Where should the project go?', template === 'app' ? 'my-app' : 'mortar-package'))
  const target = resolve(dir)
  if (existsSync(target) && readdirSync(target).length > 0) {
    console.error(`error ${target} is not empty — choose a new folder, or empty this one first.`)
    return 1
  }
  let mortar: string
  try {
    mortar = mortarSpec(flags.mortar as string | undefined)
  } catch (error) {
    return fail((error as Error).message)
  }

  let written: string[]
  try {
    if (template === 'app') {
      const answers = await askApp(target, flags, asker)
      const problem = npmNameProblem(answers.name)
      if (problem) return fail(problem)
      written = writeApp(target, answers, mortar)
    } else {
      const answers = await askPackage(target, flags, asker)
      const problem = npmNameProblem(answers.npmName)
      if (problem) return fail(problem)
      written = writePackage(target, answers, mortar)
    }
  } catch (error) {
    // A bad answer (a reserved package name, an unknown resource) is a message, not a stack.
    return fail((error as Error).message)
  }
  console.log(`Created ${written.length} files in ${relative(process.cwd(), target) || '.'}`)

  if (!flags['no-install']) {
    console.log('Installing dependencies (npm install)…')
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: target, stdio: 'inherit' })
    if (result.status !== 0) {
      return fail(`npm install failed in ${target}. Fix the problem above, then run npm install there.`)
    }
  }
  const cd = relative(process.cwd(), target) || '.'
  console.log(
    template === 'app'
      ? `\nNext:\n  cd ${cd}\n  npx craft serve      # http://127.0.0.1:8000\n`
      : `\nNext:\n  cd ${cd}\n  make init            # or: npm run init\n  make test\n  make serve           # the test app in tests/integrations\n`,
  )
  return 0
}

function fail(message: string): number {
  console.error(`error ${message}`)
  return 1
}
