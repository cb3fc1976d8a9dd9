// Shared by the mail tests: an app whose routes and command send mail (with the app's own mail
// view and a view from a package's view folder), and a real SMTP server on a free port.
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { freePort } from '../support/temp_app.js'

export const MAIL_APP_FILES: Record<string, string> = {
  // A package with a view folder, listed in config/providers.ts like an installed one.
  'notify-kit/provider.ts': `import { PackageProvider } from 'mortar'

export default class NotifyProvider extends PackageProvider {
  configure() {
    this.root(import.meta.url, '.').name('notify').views('templates')
  }
}
`,
  'notify-kit/templates/emails/reset.edge': `<h1>Reset your password, {{ name }}</h1>
<p>Someone asked to reset the password of {{ email }} &amp; this link does it:</p>
<p><a href="{{ url }}">Choose a new password</a></p>
<p>It works once.</p>
`,
  'templates/emails/welcome.edge':
    '<p>Welcome aboard, {{ name }}!</p>\n<p><a href="https://example.test/start?from=mail&amp;step=1">Start here</a></p>\n',
  'config/providers.ts': `export default {
  providers: [() => import('../app/providers/app_provider.js'), () => import('../notify-kit/provider.js')],
}
`,
  'routes/api.ts': `import { mail, Route } from 'mortar'

export default [
  Route.post('/password/forgot', async (ctx) => {
    const { email } = await ctx.body<{ email: string }>()
    const url = 'http://127.0.0.1:8000/password/reset/tok3n?email=' + encodeURIComponent(email)
    const sent = await mail.send({ to: email, subject: 'Reset your password', view: 'notify:emails.reset', data: { name: 'Ada', email, url } })
    return ctx.json({ messageId: sent.messageId }, 202)
  }),
  Route.post('/welcome', async (ctx) => {
    const { email } = await ctx.body<{ email: string }>()
    await mail.send({
      to: { name: 'Ada Lovelace', address: email },
      cc: 'Team <team@example.test>',
      bcc: ['audit@example.test'],
      replyTo: 'help@example.test',
      from: 'Mortar Crew <crew@example.test>',
      subject: 'Welcome, Ada',
      view: 'emails.welcome',
      data: { name: 'Ada' },
      text: 'Welcome aboard, Ada! Start at https://example.test/start',
    })
    return ctx.json({ ok: true })
  }),
]
`,
  'app/commands/send_reset.ts': `import { Command, mail } from 'mortar'

export class SendReset extends Command {
  static signature = 'mail:reset {email : who gets it}'
  static description = 'Send a password reset mail'

  async handle() {
    const email = String(this.argument('email'))
    const url = 'http://127.0.0.1:8000/password/reset/tok3n'
    await mail.send({ to: email, subject: 'Reset your password', view: 'notify:emails.reset', data: { name: 'Ada', email, url } })
    this.info('sent')
  }
}
`,
}

/** A message the SMTP server received: its envelope and the parsed message. */
export interface Received {
  from: string
  to: string[]
  user?: string
  raw: string
  parsed: ParsedMail
}

/** A real SMTP server on 127.0.0.1 (no TLS, login required as `mortar`/`secret`). */
export interface SmtpServer {
  port: number
  received: Received[]
  stop(): Promise<void>
}

export async function startSmtpServer(): Promise<SmtpServer> {
  const received: Received[] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mortar' && auth.password === 'secret') return callback(null, { user: auth.username })
      callback(new Error('Invalid username or password'))
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.test')) return callback(new Error('No such mailbox'))
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user,
          raw,
          parsed: await simpleParser(raw),
        })
        callback()
      })
    },
  })
  const port = await freePort()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** The addresses of a parsed To/Cc header. */
export function addresses(field: ParsedMail['to']): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field]
  return list.flatMap((entry) => entry.value.map((item) => item.address ?? ''))
}
