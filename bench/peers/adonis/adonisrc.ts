import { defineConfig } from '@adonisjs/core/app'

// What the page of the benchmark needs: the core, Edge, sessions and Shield (no Lucid, auth or Vite).
export default defineConfig({
  commands: [() => import('@adonisjs/core/commands'), () => import('@adonisjs/session/commands')],
  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    { file: () => import('@adonisjs/core/providers/repl_provider'), environment: ['repl', 'test'] },
    () => import('@adonisjs/core/providers/edge_provider'),
    () => import('@adonisjs/session/session_provider'),
    () => import('@adonisjs/shield/shield_provider'),
  ],
  preloads: [() => import('#start/routes'), () => import('#start/kernel'), () => import('#start/views')],
})
