import { defineErrors, errorSummary, freeMessage, isMortarError } from '../errors.js'

/** The coded errors of the application's lifecycle: finding it, loading its providers, running it. */
export const appErrors = defineErrors({
  E_APP_NOT_FOUND: freeMessage('No Mortar application (a folder with config/app.ts and package.json) here or above'),
  E_APP_ROUTES_NOT_LOADED: {
    description: 'An application booted without its routes was asked to serve requests',
    message: 'This application was booted for a command that loads no routes, so it cannot serve',
    hint: 'Boot it with its routes (app.boot() with no plan, as craft serve does), or use createTestApp() in tests.',
  },
  E_ERROR_CODE_INVALID: {
    description: 'defineErrors() was given a code that is not E_ and capitals',
    message: (code: string) => `defineErrors(): "${code}" is not a code: write E_ and capitals, digits or _`,
  },
  E_PROVIDER_FAILED: {
    description: 'A provider threw (or timed out) while registering, booting or shutting down',
    message: (provider: string, phase: string, cause: unknown) => `Provider ${provider} failed while ${phase}: ${errorSummary(cause)}`,
    // The cause's own advice (a missing binding, say) is still the advice.
    hint: (_provider: string, _phase: string, cause: unknown) => (isMortarError(cause) ? cause.hint : undefined),
    cause: (_provider: string, _phase: string, cause: unknown) => cause,
  },
  E_PROVIDER_INVALID: freeMessage('A providers entry is not a provider class'),
  E_NO_APP_RUNNING: {
    description: 'A helper such as config() or view() was called with no application booted',
    message: 'No Mortar application is running in this process',
    hint: 'Call helpers such as config() and view() from handlers, commands or providers, after the app has booted.',
  },
})
