import { defineErrors } from '../errors.js'

/** The coded errors of views. */
export const viewErrors = defineErrors({
  E_VIEW_NOT_FOUND: {
    description: 'No template for that view name',
    message: (name: string, searched: string[]) => `View "${name}" not found (looked for ${searched.join(' and ')})`,
  },
  E_VIEW_NAMESPACE: {
    description: 'A view names a namespace nobody registered',
    message: (view: string, namespace: string, _known: string[]) =>
      `View "${view}": no package registered the view namespace "${namespace}"`,
    hint: (_view: string, _namespace: string, known: string[]) =>
      known.length ? `Registered namespaces: ${known.join(', ')}` : 'No package registered views.',
  },
})
