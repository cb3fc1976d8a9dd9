import { defineErrors, freeMessage } from '../errors.js'

/** The coded errors of the HTTP layer: routes, controllers, middleware, cookies and the server. */
export const httpErrors = defineErrors({
  E_ROUTE_INVALID: freeMessage('A route definition is malformed'),
  E_ROUTE_DUPLICATE: {
    description: 'Two sources register the same method and path',
    message: (method: string, path: string, first: string, second: string) =>
      `Route ${method} ${path} is registered by ${first} and by ${second}`,
    hint: 'Change one path, mount the package under a prefix, or leave its routes out in config.',
  },
  E_ROUTE_NAME_DUPLICATE: {
    description: 'Two sources register the same route name',
    message: (name: string, first: string, second: string) => `Route name "${name}" is used by ${first} and by ${second}`,
    hint: 'Rename one of them, or mount the package with a name prefix.',
  },
  E_ROUTE_NOT_FOUND: {
    description: 'route() was asked for a name no route has',
    message: (name: string) => `No route is named "${name}"`,
    hint: 'Run `craft routes:list` to see the names.',
  },
  E_ROUTE_PARAM_MISSING: {
    description: 'route() was not given a parameter the path needs',
    message: (name: string, path: string, parameter: string) => `Route "${name}" (${path}) needs the parameter "${parameter}"`,
  },
  E_CONTROLLER_NOT_FOUND: freeMessage("A 'Name@method' handler names no controller in the registered folders"),
  E_CONTROLLER_METHOD: {
    description: 'A controller has no such method',
    message: (where: string, controller: string, method: string) => `${where}: ${controller} has no method "${method}"`,
  },
  E_MIDDLEWARE_UNKNOWN: {
    description: 'A route names a middleware that is not registered',
    message: (where: string, name: string, _registered: string[]) => `${where} uses middleware "${name}", which is not registered`,
    hint: (_where: string, _name: string, registered: string[]) =>
      `Registered: ${registered.join(', ')}. Register it with app.middleware.alias() in a provider.`,
  },
  E_MIDDLEWARE_NAME_TAKEN: {
    description: 'Two packages (or a package and the app) register the same middleware name',
    message: (name: string, first: string, second: string) => `Middleware name "${name}" is registered by ${first} and by ${second}`,
    hint: 'Names are shared by the app and every package: rename one, or leave one package out in config/providers.ts.',
  },
  E_HTTP_CONFIG_INVALID: freeMessage('An HTTP setting (bodyLimit, trustedProxies, securityHeaders, server timeouts) is invalid'),
  E_CONTEXT_EXTENSION: freeMessage('Two extensions, or an extension and a built-in, claim one ctx member'),
  E_COOKIE_NAME: {
    description: 'A cookie name has characters a cookie name cannot have',
    message: (name: string) => `Cookie name "${name}" is not a valid cookie name`,
    hint: 'Use letters, digits, - and _.',
  },
  E_COOKIE_TOO_LARGE: freeMessage('A cookie (or a cookie session) is over the 4 KB browsers keep'),
  E_PORT_IN_USE: {
    description: 'craft serve cannot listen: another process uses the port',
    message: (port: number, host: string) => `Port ${port} on ${host} is already in use`,
    hint: (port: number) => `Stop what is using it, or run craft serve --port ${port + 1}.`,
  },
  E_SERVE_WORKER_FAILED: {
    description: 'A craft serve --workers worker exited before it could serve',
    message: 'A worker exited before it could serve',
    hint: 'Its error is printed above; fix it and run craft serve again.',
  },
})
