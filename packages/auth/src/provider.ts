import { type HttpContext, PackageProvider } from 'mortar'
import { Auth } from './auth.js'
import { CreateUserCommand } from './commands/create_user.js'
import { TokenCommand } from './commands/token.js'
import { authenticate, guest } from './middleware.js'

declare module 'mortar' {
  interface HttpContext {
    /** Who is making the request (see `Auth`): `ctx.auth.user`, `check()`, `login()`, `logout()`. */
    auth: Auth
  }
}

// What `craft package:install` does (docs/packages/install.md). A variable, not a literal at the
// call, so the recipe keeps every step whichever Mortar version reads it.
const recipe = {
  env: { AUTH_HOME: '/', AUTH_VERIFY_EMAIL: 'false' },
  publish: ['config' as const, 'views' as const],
  migrate: 'run' as const,
  notes: [
    'Pages: /register, /login, /forgot-password, /account. Protect your routes with the auth middleware:',
    "  Route.get('/dashboard', …).middleware('auth')   or in config/providers.ts: packages: { blog: { routes: { middleware: ['auth'] } } }",
    'Create a user: npx craft auth:create-user --name Ada --email ada@example.com --password "a long password"',
    'Edit config/auth.ts (email verification, where users land) and the pages in templates/vendor/auth/.',
  ].join('\n'),
}

/** The views' `auth`: the request's user, as the `auth` middleware or `check()` found them. */
function viewAuth(ctx: HttpContext) {
  const user = ctx.auth.user
  return { user, check: () => user !== undefined, guest: () => user === undefined }
}

/**
 * @mortar/auth: accounts (register, login, remember me, logout, password reset by mail, email
 * verification, an account page), `ctx.auth`, the `auth` and `guest` middleware, personal access
 * tokens for the `api` group, and the `auth:create-user` and `auth:token` commands.
 */
export default class AuthProvider extends PackageProvider {
  override configure() {
    this.root(import.meta.url, '..')
      .name('auth')
      .config('config/auth.ts', { publish: true })
      .views('templates', { publish: true })
      .translations('lang')
      .migrations(
        'migrations/create_users_table.ts',
        'migrations/create_password_reset_tokens_table.ts',
        'migrations/create_remember_tokens_table.ts',
        'migrations/create_personal_access_tokens_table.ts',
      )
      .controllers('controllers')
      .routes('routes/web.ts', 'routes/api.ts')
      .assets('assets')
      .commands(CreateUserCommand, TokenCommand)
      .middleware({ auth: authenticate, guest })
      .install(recipe)
  }

  override register() {
    this.app.extendContext('auth', (ctx) => new Auth(ctx))
  }

  override boot() {
    // Every page rendered for a request sees `auth`: the user is looked up first (once per
    // request), so public pages can show who is signed in too.
    this.app.views.share(async (ctx) => {
      await ctx.auth.authenticate()
      return { auth: viewAuth(ctx) }
    })
  }
}
