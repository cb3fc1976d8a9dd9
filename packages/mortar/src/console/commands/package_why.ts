import { explain, type WhyAnswer, type WhyCandidate, type WhyKind } from '../../packages/why.js'
import { Command } from '../command.js'
import { consoleErrors } from '../errors.js'
import { paintedState } from './file_lines.js'

const KINDS: readonly WhyKind[] = ['view', 'config', 'asset', 'route', 'translation']

const OWNER: Record<WhyCandidate['owner'], string> = {
  app: "the app's own",
  published: "the app's copy",
  package: "the package's",
}

/**
 * `craft package:why <thing>`: which copy of a view, config key, asset URL or route is in effect,
 * where the others are, and whether the app's copy is behind the installed package.
 */
export class PackageWhy extends Command {
  static override signature =
    "package:why {thing : a view (blog:posts.show), config key (blog.per_page), asset URL (/vendor/blog/blog.css), route ('GET /blog') or translation (blog:posts.title)} {--kind= : view, config, asset, route or translation, when the guess is wrong} {--locale= : for a translation (default: app.locale)} {--json : print JSON}"
  static override description = 'Show which copy of a view, config key, asset, route or message is in effect, and whether yours is stale'

  async handle() {
    const kind = this.option<string | undefined>('kind')
    if (kind !== undefined && !KINDS.includes(kind as WhyKind)) {
      throw consoleErrors.E_COMMAND_USAGE(`--kind "${kind}" is not one of ${KINDS.join(', ')}`)
    }
    const answer = await explain(this.app, this.argument('thing'), kind as WhyKind | undefined, this.option<string | undefined>('locale'))
    if (this.option('json')) {
      this.line(JSON.stringify(answer, null, 2))
      return
    }
    this.#print(answer)
  }

  #print(answer: WhyAnswer): void {
    this.line(`${this.paint('green', answer.kind)} ${answer.subject}${answer.package ? ` (package "${answer.package}")` : ''}`)
    for (const candidate of answer.candidates) {
      const mark = candidate.inEffect
        ? this.paint('green', 'in effect  ')
        : candidate.exists
          ? 'overridden '
          : this.paint('dim', 'absent     ')
      this.line(`  ${mark} ${candidate.location}  ${this.paint('dim', OWNER[candidate.owner])}${detail(candidate)}`)
    }
    const published = answer.published
    if (!published) return
    const versions =
      published.publishedVersion && published.installedVersion && published.publishedVersion !== published.installedVersion
        ? ` (published from ${published.publishedVersion}, installed ${published.installedVersion})`
        : ''
    this.line(`  ${paintedState(this, published.state)}: ${published.destination}${versions}`)
    if (published.state === 'changed-upstream' || published.state === 'changed-both') {
      this.warn(`  Your copy is behind the installed package: craft package:update ${answer.package} brings it up to date.`)
    }
  }
}

function detail(candidate: WhyCandidate): string {
  if (candidate.detail === undefined || !candidate.exists) return ''
  return ` = ${JSON.stringify(candidate.detail)}`
}
