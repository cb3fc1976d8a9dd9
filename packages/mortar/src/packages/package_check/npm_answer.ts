import { errorSummary } from '../../errors.js'
import type { NpmResult } from '../../installing/package_manager.js'

/** The `error.code` of npm's JSON answer (`E404`), if it gave one. */
export function npmErrorCode(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as { error?: { code?: string } }).error?.code
  } catch {
    return undefined
  }
}

/** One line on why npm failed: its JSON error summary, else the first error line it printed. */
export function npmFailure(result: NpmResult): string {
  if (result.error) return result.error.message
  try {
    const summary = (JSON.parse(result.stdout) as { error?: { summary?: string; code?: string } }).error
    if (summary?.summary || summary?.code) return errorSummary(summary.summary || summary.code)
  } catch {}
  const line = result.stderr.split('\n').find((text) => /npm (error|ERR!)/.test(text) && !/A complete log/.test(text))
  return line?.replace(/^npm (error|ERR!)\s*/, '').trim() || `exit code ${result.status}`
}
