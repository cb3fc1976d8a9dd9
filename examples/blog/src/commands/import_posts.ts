import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Command, db } from 'mortar'

/** `craft blog:import posts.csv`: one post per line, `title,body`. */
export class ImportPosts extends Command {
  static override signature =
    'blog:import {file : the CSV file (title,body per line)} {--author= : the name to show as their author} {--dry : only show what would change}'
  static override description = 'Import posts from a CSV file'

  async handle() {
    const file = resolve(this.root, this.argument('file'))
    const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '')
    const rows = lines.map((line) => {
      const [title = '', ...body] = line.split(',')
      return {
        title: title.trim(),
        body: body.join(',').trim(),
        author: this.option<string | undefined>('author') ?? null,
        created_at: new Date().toISOString(),
      }
    })
    const dry = Boolean(this.option('dry'))
    this.info(`Importing ${rows.length} post(s) from ${this.argument('file')}${dry ? ' (dry run)' : ''}`)
    if (!dry && rows.length) await db().insertInto('posts').values(rows).execute()
    this.info(`Imported ${dry ? 0 : rows.length} post(s)`)
  }
}
