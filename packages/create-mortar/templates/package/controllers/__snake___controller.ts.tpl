{{#if config|migrations|views}}
import { {{#if config}}config, {{/if}}{{#if migrations}}db, {{/if}}type HttpContext{{#if views}}, view{{/if}} } from 'mortar'
{{else}}
import type { HttpContext } from 'mortar'
{{/if}}

/** The pages and API of the __name__ package, found by the `'__Name__Controller@…'` strings in its routes. */
export class __Name__Controller {
  /** GET /__name__ */
  async index() {
    const greeting = {{#if config}}config<string>('__name__.greeting'){{else}}'Hello from __title__'{{/if}}
{{#if migrations}}
    const items = await db().selectFrom('__snake___items').selectAll().orderBy('id').execute()
{{/if}}
{{#if views}}
    return view('__name__:index', { greeting{{#if migrations}}, items{{/if}} })
{{else}}
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>__title__</title>{{#if assets}}<link rel="stylesheet" href="/vendor/__name__/__name__.css">{{/if}}</head>
<body class="__name__"><h1>${greeting}</h1>{{#if migrations}}<p>${items.length} item(s) stored.</p>{{/if}}</body>
</html>`
{{/if}}
  }
{{#if migrations}}

  /** GET /api/__name__/items */
  async list() {
    return { data: await db().selectFrom('__snake___items').selectAll().orderBy('id').execute() }
  }
{{/if}}

  /** POST /api/__name__/items with `{"name": "…"}`: 201 and the new item, or 422 without a name. */
  async store(ctx: HttpContext) {
    const input = await ctx.body<{ name?: unknown }>()
    if (typeof input.name !== 'string' || input.name.trim() === '') {
      return ctx.json({ errors: { name: 'A name is required' } }, 422)
    }
{{#if migrations}}
    const item = await db()
      .insertInto('__snake___items')
      .values({ name: input.name.trim(), created_at: new Date().toISOString() })
      .returningAll()
      .executeTakeFirstOrThrow()
{{else}}
    const item = { name: input.name.trim() }
{{/if}}
    return ctx.json({ data: item }, 201)
  }
}
