// The JavaScript entry point of `node ace`, as an AdonisJS 6 app has it: ts-node's ESM hook (with
// SWC) runs the TypeScript sources, then bin/console.ts handles the command.
import { register } from 'node:module'

register('ts-node/esm', import.meta.url)

await import('./bin/console.js')
