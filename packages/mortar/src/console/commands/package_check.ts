import { resolve } from 'node:path'
import { packageErrors } from '../../packages/errors.js'
import { checkPackage } from '../../packages/package_check/index.js'
import { Command } from '../command.js'

/**
 * `craft package:check [path]`: run in a package before releasing it. Checks that the provider
 * loads and names the package validly, that every file it declares (every file of its view,
 * controller and asset folders too), every local file those modules import at any depth, and the
 * `mortar` and `exports` targets are in the tarball `npm pack` would make, and that the version is
 * not already on the registry npm is configured with. Prints one line per problem, with its fix,
 * and fails if there is any.
 */
export class PackageCheck extends Command {
  static override signature = 'package:check {path? : the package folder (default: the current folder)}'
  static override description = 'Check a package before release: its provider loads, its files are in the npm tarball, its version is new'

  async handle() {
    const report = await checkPackage(resolve(this.argument<string | undefined>('path') ?? '.'))
    for (const line of report.passed) this.line(`${this.paint('green', '✓')} ${line}`)
    for (const line of report.warnings) this.warn(`! ${line}`)
    for (const line of report.problems) this.error(`✗ ${line}`)
    const label = report.npmName ? `${report.npmName}@${report.version}` : 'the package'
    if (report.problems.length > 0) {
      const count = report.problems.length
      throw packageErrors.E_CHECK_FAILED(count, label)
    }
    this.info(`${label} is ready to publish to ${report.registry}`)
  }
}
