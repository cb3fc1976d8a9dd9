// Hostile and broken packages, installed into temp apps: resource paths and links that leave the
// package, bad and colliding names, providers that throw or never finish, a config file that
// does not parse. Each stops `craft` with one line naming the package and a non-zero exit, and
// writes nothing into the app (its tree is compared before and after; only node_modules and the
// runtime caches in storage/framework are left out of the comparison).
import assert from 'node:assert/strict'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type CraftRun, createTempApp, removeTempApp } from '../support/temp_app.js'
import {
  assertOneLineError,
  craftAsync,
  type FixturePackage,
  linkPackage,
  pool,
  snapshotTree,
  treeChanges,
  writePackage,
} from './support.js'

interface HostileCase {
  title: string
  /** The packages to install (written next to the app). */
  packages: FixturePackage[]
  /** Runs after the packages are written, before the snapshot (to add links). */
  setup?: (packagesFolder: string, appRoot: string) => void
  /** The craft command; `routes:list` by default. */
  args?: string[]
  env?: Record<string, string>
  /** What the one line must contain (besides a name of the package). */
  expect: (string | RegExp)[]
}

const ROOT = "this.root(import.meta.url, '.')"

const CASES: HostileCase[] = [
  {
    title: 'a views path that climbs out of the package',
    packages: [{ npmName: 'mortar-climb', configure: `${ROOT}.name('climb').views('../outside')` }],
    setup: (folder) => mkdirSync(join(folder, 'outside'), { recursive: true }),
    expect: ['Package "climb"', '"../outside" leaves the package root'],
  },
  {
    title: 'an absolute config path',
    packages: [{ npmName: 'mortar-absolute', configure: `${ROOT}.name('absolute').config('/etc/passwd')` }],
    expect: ['Package "absolute"', '"/etc/passwd"', 'must be relative'],
  },
  {
    title: 'an assets folder that is a link out of the package',
    packages: [{ npmName: 'mortar-linkdir', configure: `${ROOT}.name('linkdir').assets('assets')` }],
    setup: (folder) => {
      mkdirSync(join(folder, 'outside'), { recursive: true })
      symlinkSync(join(folder, 'outside'), join(folder, 'mortar-linkdir', 'assets'), 'dir')
    },
    expect: ['Package "linkdir"', '"assets" is a link to', 'outside the package root'],
  },
  {
    title: 'a "mortar" field in package.json that points out of the package',
    packages: [{ npmName: 'mortar-field', configure: ROOT, mortarField: { provider: '../../../evil/provider.js' } }],
    expect: ['mortar-field', 'points outside the package'],
  },
  {
    title: 'a name with path characters',
    packages: [{ npmName: 'mortar-slashes', configure: `${ROOT}.name('../../etc/passwd')` }],
    expect: ['"../../etc/passwd" is invalid', 'package mortar-slashes'],
  },
  {
    title: 'a reserved name',
    packages: [{ npmName: 'mortar-reserved', configure: `${ROOT}.name('vendor')` }],
    expect: ['"vendor" is reserved', 'package mortar-reserved'],
  },
  {
    title: 'two packages with one name',
    packages: [
      { npmName: 'mortar-twin-a', configure: `${ROOT}.name('twin')` },
      { npmName: 'mortar-twin-b', configure: `${ROOT}.name('twin')` },
    ],
    expect: ['Package name "twin" is declared by', 'mortar-twin-a', 'mortar-twin-b'],
  },
  {
    title: 'a provider that throws in register()',
    packages: [
      { npmName: 'mortar-throws-register', configure: `${ROOT}.name('throwsreg')`, register: "throw new Error('register exploded')" },
    ],
    expect: ['package "throwsreg"', 'registering', 'register exploded'],
  },
  {
    title: 'a provider that throws in boot()',
    packages: [{ npmName: 'mortar-throws-boot', configure: `${ROOT}.name('throwsboot')`, boot: "throw new TypeError('boot exploded')" }],
    expect: ['package "throwsboot"', 'booting', 'boot exploded'],
  },
  {
    title: 'a provider whose module throws when imported',
    packages: [{ npmName: 'mortar-throws-import', configure: ROOT, files: { 'provider.js': "throw new Error('import exploded')\n" } }],
    expect: ['mortar-throws-import', 'loading', 'import exploded'],
  },
  {
    title: 'a provider whose register() never resolves',
    packages: [{ npmName: 'mortar-hangs-register', configure: `${ROOT}.name('hangsreg')`, register: 'await new Promise(() => {})' }],
    env: { MORTAR_PROVIDER_TIMEOUT: '400' },
    expect: ['package "hangsreg"', 'registering', 'did not finish within 400 ms', 'MORTAR_PROVIDER_TIMEOUT'],
  },
  {
    title: 'a provider whose boot() never resolves',
    packages: [{ npmName: 'mortar-hangs-boot', configure: `${ROOT}.name('hangsboot')`, boot: 'await new Promise(() => {})' }],
    env: { MORTAR_PROVIDER_TIMEOUT: '400' },
    expect: ['package "hangsboot"', 'booting', 'did not finish within 400 ms'],
  },
  {
    title: 'a config file with a syntax error',
    packages: [
      {
        npmName: 'mortar-badconfig',
        configure: `${ROOT}.name('badconfig').config('config/badconfig.js')`,
        files: { 'config/badconfig.js': 'export default {\n  per_page: 10,,\n  title: \n' },
      },
    ],
    expect: ['config/badconfig.js', 'package "badconfig"'],
  },
  {
    title: 'a TypeScript config file with a syntax error, seen by craft list',
    packages: [
      {
        npmName: 'mortar-badts',
        configure: `${ROOT}.name('badts').config('config/badts.ts')`,
        files: { 'config/badts.ts': 'export default {\n  per_page: number = 10\n  title: <\n' },
      },
    ],
    args: ['list'],
    expect: ['config/badts.ts', 'package "badts"'],
  },
  {
    title: 'an assets folder holding a link out of the package, seen by package:publish',
    packages: [
      { npmName: 'mortar-innerlink', configure: `${ROOT}.name('innerlink').assets('assets')`, files: { 'assets/ok.css': 'ok\n' } },
    ],
    setup: (folder) => {
      writeFileSync(join(folder, 'stolen.txt'), 'not yours\n')
      symlinkSync(join(folder, 'stolen.txt'), join(folder, 'mortar-innerlink', 'assets', 'zz-stolen.css'))
    },
    args: ['package:publish', 'innerlink'],
    expect: ['Package "innerlink"', 'zz-stolen.css links to', 'outside the package root'],
  },
]

describe('hostile packages: one clear line naming the package, a non-zero exit, nothing written', () => {
  const apps: string[] = []
  const runs = new Map<HostileCase, { run: CraftRun; changes: string[] }>()

  before(async () => {
    // All cases run side by side (three craft processes at a time), each in its own app.
    const tasks = CASES.map((hostile) => async () => {
      const root = createTempApp({ name: 'hostile' })
      apps.push(root)
      const folder = join(root, '..', 'packages')
      for (const pkg of hostile.packages) writePackage(join(folder, pkg.npmName), pkg)
      hostile.setup?.(folder, root)
      for (const pkg of hostile.packages) linkPackage(root, join(folder, pkg.npmName))
      const before = snapshotTree(root)
      const run = await craftAsync(root, hostile.args ?? ['routes:list'], { env: hostile.env, timeout: 30_000 })
      runs.set(hostile, { run, changes: treeChanges(before, snapshotTree(root)) })
    })
    await pool(tasks, 3)
  })
  after(() => {
    for (const root of apps) removeTempApp(root)
  })

  for (const hostile of CASES) {
    test(hostile.title, (t) => {
      const result = runs.get(hostile)
      assert.ok(result, 'the case ran')
      const line = assertOneLineError(result.run, ...hostile.expect)
      const names = hostile.packages.flatMap((pkg) => [pkg.npmName, /\.name\('([^']*)'\)/.exec(pkg.configure)?.[1] ?? pkg.npmName])
      assert.ok(
        names.some((name) => line.includes(name)),
        `the line names the package (${names.join(' or ')}): ${line}`,
      )
      t.diagnostic(line)
      assert.deepEqual(result.changes, [], `craft ${(hostile.args ?? ['routes:list']).join(' ')} wrote into the app`)
    })
  }
})
