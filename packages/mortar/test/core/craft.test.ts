// The real `craft` against a scaffolded app: listing and help, unknown commands, one-line errors
// for a broken provider and a broken config file, and the make:* generators.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { craft, createTempApp, removeTempApp } from '../support/temp_app.js'
import { assertOneLineError, assertVerboseStack, writeFiles } from './support.js'

const T = { timeout: 30_000 }

describe('craft: listing and help', { timeout: 120_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'craft' })
  })
  after(() => removeTempApp(root))

  it("`craft list` shows Mortar's commands and the app's own (inspire)", () => {
    const run = craft(root, ['list'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^\s+inspire\s+Print an inspiring quote \[app\]$/m)
    for (const name of ['serve', 'routes:list', 'make:controller', 'migrate', 'package:publish']) {
      assert.match(run.stdout, new RegExp(`^\\s+${name}\\s`, 'm'), `${name} listed`)
    }
    // `craft` alone lists too.
    assert.equal(craft(root, [], T).stdout, run.stdout)
  })

  it('`craft help serve` and `craft serve --help` show its options and defaults', () => {
    const help = craft(root, ['help', 'serve'], T)
    assert.equal(help.code, 0, help.stderr)
    assert.match(help.stdout, /craft serve \[--port <value>\] \[--host <value>\]/)
    assert.match(help.stdout, /--port=PORT\s+the port to listen on \[default: 8000\]/)
    assert.match(help.stdout, /--host=HOST\s+the address to listen on \[default: 127\.0\.0\.1\]/)
    assert.equal(craft(root, ['serve', '--help'], T).stdout, help.stdout)
  })

  it("`craft help inspire` shows an app command's options and where it comes from; it runs", () => {
    const help = craft(root, ['help', 'inspire'], T)
    assert.match(help.stdout, /--all\s+print every quote/)
    assert.match(help.stdout, /From the app\./)
    const run = craft(root, ['inspire', '--all'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /Kent Beck/)
  })

  it('an unknown command exits non-zero and names the closest commands', () => {
    assertOneLineError(craft(root, ['inspir'], T), 'Command "inspir" is not defined', 'Did you mean inspire')
    assertOneLineError(craft(root, ['migrate:stat'], T), 'Did you mean', 'migrate:status')
    assertOneLineError(craft(root, ['help', 'sreve'], T), 'Command "sreve" is not defined', 'serve')
    const far = assertOneLineError(craft(root, ['xyzzy-plugh'], T), 'Command "xyzzy-plugh" is not defined')
    assert.match(far, /craft list/)
  })

  it('bad arguments or options exit non-zero with the usage line', () => {
    assertOneLineError(craft(root, ['inspire', '--loud'], T), 'inspire:', "Unknown option '--loud'", 'Usage: craft inspire [--all]')
    assertOneLineError(craft(root, ['make:controller'], T), 'missing argument "name"', 'Usage: craft make:controller <name>')
  })
})

describe('craft: a broken provider or config file stops with one line', { timeout: 120_000 }, () => {
  let root: string
  let providers: string

  before(() => {
    root = createTempApp({ name: 'broken' })
    providers = readFileSync(join(root, 'config/providers.ts'), 'utf8')
    writeFiles(root, {
      'app/providers/mail_provider.ts': `import { Provider } from 'mortar'

export default class MailProvider extends Provider {
  register() {
    if (process.env.BREAK_IN === 'register') throw new Error('no mail driver configured')
  }

  boot() {
    if (process.env.BREAK_IN !== 'register') throw new Error('cannot reach the mail server\\nsecond line of detail')
  }
}
`,
    })
    writeFileSync(
      join(root, 'config/providers.ts'),
      providers.replace("() => import('../app/providers/app_provider.js'),", "$&\n    () => import('../app/providers/mail_provider.js'),"),
    )
  })

  after(() => removeTempApp(root))

  it('a provider that throws in boot names the provider, the phase and the cause; exit 1', () => {
    assertOneLineError(craft(root, ['inspire'], T), 'Provider MailProvider failed while booting: cannot reach the mail server')
    assertVerboseStack(craft(root, ['inspire', '--verbose'], T))
  })

  it('a provider that throws in register says so', () => {
    assertOneLineError(
      craft(root, ['routes:list'], { ...T, env: { BREAK_IN: 'register' } }),
      'Provider MailProvider failed while registering: no mail driver configured',
    )
  })

  it('craft serve does not start with a broken provider', () => {
    const run = craft(root, ['serve', '--no-reload', '--port', '0'], T)
    assertOneLineError(run, 'MailProvider failed while booting')
  })

  it('a config file with a syntax error names the file; the stack only with --verbose', () => {
    writeFileSync(join(root, 'config/providers.ts'), providers)
    writeFiles(root, { 'config/mail.ts': "export default {\n  host: 'smtp.example.test',,\n  port: 25\n}}\n" })
    try {
      const line = assertOneLineError(craft(root, ['inspire'], T), 'Cannot load config/mail.ts')
      assert.doesNotMatch(line, /config\/app\.ts/)
      assertVerboseStack(craft(root, ['inspire', '--verbose'], T))
    } finally {
      rmSync(join(root, 'config/mail.ts'))
    }
    assert.equal(craft(root, ['inspire'], T).code, 0)
  })

  it('a config file whose default export is not an object names the file', () => {
    writeFiles(root, { 'config/queue.ts': "export default 'redis'\n" })
    try {
      assertOneLineError(craft(root, ['inspire'], T), 'Cannot load config/queue.ts', 'must be an object')
    } finally {
      rmSync(join(root, 'config/queue.ts'))
    }
  })
})

describe('craft make:*', { timeout: 120_000 }, () => {
  let root: string
  before(() => {
    root = createTempApp({ name: 'make' })
  })
  after(() => removeTempApp(root))

  it('make:controller writes app/controllers/<name>_controller.ts, and refuses to overwrite it', () => {
    const run = craft(root, ['make:controller', 'BlogPost'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /Created app\/controllers\/blog_post_controller\.ts/)
    const text = readFileSync(join(root, 'app/controllers/blog_post_controller.ts'), 'utf8')
    assert.match(text, /export class BlogPostController \{/)
    assertOneLineError(craft(root, ['make:controller', 'BlogPostController'], T), 'app/controllers/blog_post_controller.ts already exists')
  })

  it('make:command writes a command that craft lists and runs at once', () => {
    const run = craft(root, ['make:command', 'SendReport'], T)
    assert.equal(run.code, 0, run.stderr)
    assert.ok(existsSync(join(root, 'app/commands/send_report.ts')))
    assert.match(craft(root, ['list'], T).stdout, /app:send-report\s+Describe what app:send-report does \[app\]/)
    const hello = craft(root, ['app:send-report', 'Ada', '--shout'], T)
    assert.equal(hello.code, 0, hello.stderr)
    assert.match(hello.stdout, /HELLO ADA/)

    assert.equal(craft(root, ['make:command', 'Nightly', '--command', 'reports:nightly'], T).code, 0)
    assert.match(readFileSync(join(root, 'app/commands/nightly.ts'), 'utf8'), /static signature = 'reports:nightly /)
  })

  it('make:migration writes databases/migrations/<UTC timestamp>_<name>.ts, which craft migrate runs', () => {
    const before = new Date()
    // A zone far from UTC: the timestamp must still be UTC, like published migrations'.
    const run = craft(root, ['make:migration', 'create_widgets_table'], { ...T, env: { TZ: 'Pacific/Kiritimati' } })
    assert.equal(run.code, 0, run.stderr)
    const [file] = readdirSync(join(root, 'databases/migrations')).filter((name) => name.endsWith('_create_widgets_table.ts'))
    assert.ok(file, 'the migration file')
    const utcDay = `${before.getUTCFullYear()}_${String(before.getUTCMonth() + 1).padStart(2, '0')}_${String(before.getUTCDate()).padStart(2, '0')}`
    const utcHour = String(before.getUTCHours()).padStart(2, '0')
    assert.match(file, new RegExp(`^${utcDay}_${utcHour}\\d{4}_create_widgets_table\\.ts$`), `${file} is not a UTC timestamp`)
    assert.match(readFileSync(join(root, 'databases/migrations', file), 'utf8'), /createTable\('widgets'\)/)

    const migrate = craft(root, ['migrate'], T)
    assert.equal(migrate.code, 0, migrate.stderr)
    assert.match(migrate.stdout, /migrated\s+.*create_widgets_table/)
  })
})
