import { Provider } from 'mortar'

/**
 * The application's own provider. Bind services in register(); use them, add middleware or
 * view globals in boot().
 */
export default class AppProvider extends Provider {
  register() {}

  boot() {
    // Pages get the visitor's session (ctx.session) and CSRF protection on POST, PUT, PATCH and
    // DELETE; routes/api.ts stays stateless.
    this.app.middleware.group('web', ['session', 'csrf'])
  }
}
