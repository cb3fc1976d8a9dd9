import type { Kysely, SelectQueryBuilder } from 'kysely'
import { currentApp } from '../app/current.js'
import type { HttpContext } from '../http/context.js'
import { currentRequest } from '../http/request_scope.js'
import { kyselyModule } from './kysely_module.js'

/** Options of `paginate()`. */
export interface PaginateOptions {
  /** The page, from 1; by default the request's `?page=`, else 1. */
  page?: number | string
  /** Rows per page (default 15, at most 1000). */
  perPage?: number
  /** The request the links are built from; by default the current one (in routes that run `session`). */
  ctx?: HttpContext
  /** The Kysely instance to count with; by default the app's `db()`. */
  db?: Kysely<any>
}

/** One page of rows, with what a view or a JSON client needs to go to the others. */
export interface Paginated<Row> {
  data: Row[]
  meta: { total: number; page: number; perPage: number; lastPage: number }
  links: { first: string; prev: string | null; next: string | null; last: string }
  /** The URL of any page (not sent in JSON). */
  url(page: number): string
  /** The page numbers to link to: the first, the last and two each side of this one; 0 marks a gap. */
  pages(): number[]
}

/**
 * Runs a Kysely select for one page, and counts all its rows. Links keep the request's other
 * query values and change only `page`. Order the query, or pages may overlap.
 *
 * @example
 * const posts = await paginate(db().selectFrom('posts').selectAll().orderBy('id'), { perPage: 20 })
 * return view('posts.index', { posts })   // @!component('mortar:pagination', { paginator: posts })
 */
export async function paginate<DB, TB extends keyof DB, Row>(
  query: SelectQueryBuilder<DB, TB, Row>,
  options: PaginateOptions = {},
): Promise<Paginated<Row>> {
  const ctx = options.ctx ?? currentRequest()
  const perPage = Math.min(1000, Math.max(1, Math.floor(Number(options.perPage ?? 15)) || 15))
  const page = Math.max(1, Math.floor(Number(options.page ?? ctx?.query.page ?? 1)) || 1)
  const kysely = options.db ?? (currentApp().database.kysely as Kysely<any>)

  const { sql } = kyselyModule()
  const counted = await sql<{
    total: number | string | bigint
  }>`select count(*) as total from (${query.clearOrderBy()}) as mortar_paginated`.execute(kysely)
  const total = Number(counted.rows[0]?.total ?? 0)
  const data =
    total === 0
      ? []
      : await query
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute()
  const lastPage = Math.max(1, Math.ceil(total / perPage))

  const url = (target: number): string => pageUrl(ctx, target)
  const result = {
    data,
    meta: { total, page, perPage, lastPage },
    links: {
      first: url(1),
      prev: page > 1 ? url(Math.min(page - 1, lastPage)) : null,
      next: page < lastPage ? url(page + 1) : null,
      last: url(lastPage),
    },
  }
  Object.defineProperty(result, 'url', { value: url, enumerable: false })
  Object.defineProperty(result, 'pages', { value: () => pageWindow(page, lastPage), enumerable: false })
  return result as Paginated<Row>
}

/** The request's URL with `page` set (a bare `?page=N` outside a request). */
function pageUrl(ctx: HttpContext | undefined, page: number): string {
  if (!ctx) return `?page=${page}`
  const url = new URL(ctx.url.href)
  url.searchParams.set('page', String(page))
  return url.href
}

function pageWindow(page: number, lastPage: number): number[] {
  const pages: number[] = []
  for (let n = 1; n <= lastPage; n++) {
    if (n === 1 || n === lastPage || Math.abs(n - page) <= 2) pages.push(n)
    else if (pages.at(-1) !== 0) pages.push(0)
  }
  return pages
}
