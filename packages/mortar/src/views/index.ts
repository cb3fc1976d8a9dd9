import { fileURLToPath } from 'node:url'

export { html, SafeHtml } from './html.js'
export type { ViewDataSharer, ViewRequest } from './request_data.js'
export { ViewEngine, type ViewNamespace } from './view_engine.js'

/** Mortar's own templates (`mortar:pagination`); src/views and dist/views are both two levels down. */
export const FRAMEWORK_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url))
