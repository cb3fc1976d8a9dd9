import { abort, config, db, type HttpContext } from 'mortar'
import * as v from 'valibot'

const PostInput = v.object({
  title: v.pipe(v.string(), v.trim(), v.minLength(1, 'Give the post a title'), v.maxLength(200, 'Keep the title under 200 characters')),
  body: v.pipe(v.optional(v.string(), ''), v.maxLength(20_000, 'Keep the post under 20,000 characters')),
})

/** The name of whoever is logged in, when the app has accounts (ctx.auth from @mortar/auth). */
function author(ctx: HttpContext): string | null {
  const auth = (ctx as unknown as { auth?: { user?: { name?: string } | null } }).auth
  return auth?.user?.name ?? null
}

async function findPost(id: string) {
  const post = await db().selectFrom('posts').selectAll().where('id', '=', Number(id)).executeTakeFirst()
  if (!post) abort(404, `No post ${id}`)
  return post
}

export class AdminController {
  /** GET /blog/admin: every post, with links to edit them. */
  async index(ctx: HttpContext) {
    const posts = await db().selectFrom('posts').selectAll().orderBy('id', 'desc').execute()
    return ctx.view('blog:admin.index', { title: config('blog.title'), posts })
  }

  /** GET /blog/admin/posts/new */
  create(ctx: HttpContext) {
    return ctx.view('blog:admin.form', { title: config('blog.title'), post: null })
  }

  /** POST /blog/admin/posts: back to the form with errors, or on to the new post. */
  async store(ctx: HttpContext) {
    const input = await ctx.validate(PostInput)
    const post = await db()
      .insertInto('posts')
      .values({ ...input, author: author(ctx), created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow()
    return ctx.redirect().route('blog.posts.show', { id: post.id }).with('status', 'Post published.')
  }

  /** GET /blog/admin/posts/:id/edit */
  async edit(ctx: HttpContext) {
    return ctx.view('blog:admin.form', { title: config('blog.title'), post: await findPost(ctx.params.id as string) })
  }

  /** PUT /blog/admin/posts/:id (a form with _method=PUT) */
  async update(ctx: HttpContext) {
    const post = await findPost(ctx.params.id as string)
    const input = await ctx.validate(PostInput)
    await db().updateTable('posts').set(input).where('id', '=', post.id).execute()
    return ctx.redirect().route('blog.posts.show', { id: post.id }).with('status', 'Post saved.')
  }

  /** DELETE /blog/admin/posts/:id (a form with _method=DELETE) */
  async destroy(ctx: HttpContext) {
    const post = await findPost(ctx.params.id as string)
    await db().deleteFrom('posts').where('id', '=', post.id).execute()
    return ctx.redirect().route('blog.admin.index').with('status', 'Post deleted.')
  }
}
