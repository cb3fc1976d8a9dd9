import { Provider } from 'mortar'

/**
 * The application's own provider. Bind services in register(); use them, add middleware or
 * view globals in boot().
 */
export default class AppProvider extends Provider {
  register() {}

  boot() {}
}
