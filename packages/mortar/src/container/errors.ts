import { defineErrors } from '../errors.js'

/** The coded errors of the service container. */
export const containerErrors = defineErrors({
  E_BINDING_MISSING: {
    description: 'Nothing is bound in the container under that key',
    message: (key: string) => `Nothing is bound in the container as "${key}"`,
    hint: 'Bind it in a provider register() method with container.bind() or container.singleton().',
  },
})
