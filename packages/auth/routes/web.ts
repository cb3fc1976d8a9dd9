import { Route } from 'mortar'

// The pages of @mortar/auth, in the app's `web` group (session and CSRF). An app mounts them under a
// prefix, or leaves them out, in its config/providers.ts: packages: { auth: { routes: { prefix: '/users' } } }
export default [
  Route.get('/register', 'RegistrationController@create').name('auth.register').middleware('guest'),
  Route.post('/register', 'RegistrationController@store').name('auth.register.store').middleware('guest'),
  Route.get('/login', 'SessionController@create').name('auth.login').middleware('guest'),
  Route.post('/login', 'SessionController@store').name('auth.login.store').middleware('guest'),
  Route.post('/logout', 'SessionController@destroy').name('auth.logout'),

  Route.get('/forgot-password', 'PasswordResetController@create').name('auth.password.request').middleware('guest'),
  Route.post('/forgot-password', 'PasswordResetController@store').name('auth.password.email').middleware('guest'),
  Route.get('/reset-password/:token', 'PasswordResetController@edit').name('auth.password.reset'),
  Route.post('/reset-password', 'PasswordResetController@update').name('auth.password.update'),

  Route.get('/verify-email', 'VerificationController@notice').name('auth.verification.notice').middleware('auth'),
  Route.get('/verify-email/:token', 'VerificationController@verify').name('auth.verification.verify').middleware('auth'),
  Route.post('/verify-email', 'VerificationController@resend').name('auth.verification.send').middleware('auth'),

  Route.get('/account', 'AccountController@show').name('auth.account').middleware('auth'),
  Route.put('/account/profile', 'AccountController@updateProfile').name('auth.account.profile').middleware('auth'),
  Route.put('/account/password', 'AccountController@updatePassword').name('auth.account.password').middleware('auth'),
  Route.delete('/account', 'AccountController@destroy').name('auth.account.destroy').middleware('auth'),
  Route.post('/account/tokens', 'AccountController@createToken').name('auth.tokens.store').middleware('auth'),
  Route.delete('/account/tokens/:id', 'AccountController@revokeToken').name('auth.tokens.destroy').middleware('auth'),
]
