/**
 * @mortar/auth's programming interface, for an app's own code: the users table, personal access
 * tokens, the middleware and `ctx.auth`'s class. The provider (`@mortar/auth`'s "mortar" field)
 * wires them into the app; `@mortar/auth/testing` adds `app.actingAs()` to tests.
 *
 * @module
 */
export { type AccessToken, accessTokens, tokenCan } from './access_tokens.js'
export { Auth, REMEMBER_COOKIE, SESSION_KEY } from './auth.js'
export { errors } from './errors.js'
export { ability, authenticate, guest } from './middleware.js'
export { default as AuthProvider } from './provider.js'
export { type PublicUser, publicUser, type User, users } from './users.js'
