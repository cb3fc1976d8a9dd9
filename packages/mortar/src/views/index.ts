export { ViewEngine, type ViewNamespace } from './view_engine.js'
