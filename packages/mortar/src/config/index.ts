export { env, loadEnvFile } from './env.js'
export { loadAppConfig, loadConfigFile } from './loader.js'
export { deepMerge, isPlainObject } from './merge.js'
export { ConfigRepository } from './repository.js'
