import type { ProvidersConfig } from 'mortar'

export default {
  // Providers that run first, in this order. Installed packages that declare a provider in their
  // package.json are discovered and run after these.
  providers: [
    () => import('../app/providers/app_provider.js'),
    // Add your providers here. With discovery off, package:install adds npm names to this list.
  ],

  // npm names of installed packages that should not be discovered.
  dontDiscover: [],

  // How each package's routes are mounted, by package name, without editing the package:
  //   blog: { routes: { prefix: '/blog', name: 'blog.', middleware: ['auth'] } }   or   blog: { routes: false }
  //   one route file: blog: { routes: { 'routes/admin.ts': { middleware: ['auth'] } } }
  packages: {},
} satisfies ProvidersConfig
