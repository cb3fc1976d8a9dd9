import { PackageProvider } from 'mortar'
import { ImportPosts } from './commands/import_posts.js'

/**
 * The blog package: every kind of resource a Mortar package can add to an app.
 * Routes live under /blog (pages), /blog/admin (writing and editing posts: an app puts them behind
 * its own `auth` middleware from config/providers.ts) and /api/blog (JSON); views are `blog:*`;
 * config is `blog.*`.
 */
export default class BlogProvider extends PackageProvider {
  override configure() {
    this.root(import.meta.url, '..')
      .name('blog')
      .config('config/blog.ts', { publish: true })
      .views('templates', { publish: true })
      .migrations('migrations/create_posts_table.ts', 'migrations/create_tags_table.ts')
      .controllers('controllers')
      .routes('routes/web.ts', 'routes/admin.ts', 'routes/api.ts')
      .assets('assets')
      .commands(ImportPosts)
      .install({
        publish: ['config'],
        notes: 'The blog is at /blog. Import posts with: craft blog:import posts.csv',
      })
  }
}
