import { abort, config, db, type HttpContext, view } from 'mortar'

interface Post {
  id: number
  title: string
  body: string
  created_at: string
}

export class PostController {
  /** GET /blog: the latest posts. */
  async index(_ctx: HttpContext) {
    const posts = await db().selectFrom('posts').selectAll().orderBy('id', 'desc').limit(config<number>('blog.per_page', 10)).execute()
    return view('blog:posts.index', { title: config('blog.title'), posts, tags: config<string[]>('blog.tags', []) })
  }

  /** GET /blog/posts/:id */
  async show(ctx: HttpContext) {
    const post = (await db().selectFrom('posts').selectAll().where('id', '=', Number(ctx.params.id)).executeTakeFirst()) as Post | undefined
    if (!post) abort(404, `No post ${ctx.params.id}`)
    return view('blog:posts.show', { title: config('blog.title'), post })
  }

  /** GET /api/blog/posts */
  async list(_ctx: HttpContext) {
    return { data: await db().selectFrom('posts').selectAll().orderBy('id', 'desc').execute() }
  }

  /** POST /api/blog/posts {title, body} → 201 */
  async store(ctx: HttpContext) {
    const input = await ctx.body<{ title?: unknown; body?: unknown }>()
    if (typeof input.title !== 'string' || input.title.trim() === '') {
      return ctx.json({ errors: { title: 'A title is required' } }, 422)
    }
    const post = await db()
      .insertInto('posts')
      .values({ title: input.title.trim(), body: typeof input.body === 'string' ? input.body : '', created_at: new Date().toISOString() })
      .returningAll()
      .executeTakeFirstOrThrow()
    return ctx.json({ data: post }, 201)
  }
}
