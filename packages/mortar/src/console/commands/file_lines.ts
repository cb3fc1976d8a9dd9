import type { AnyFileState } from '../../publishing/index.js'
import type { Command } from '../command.js'
import type { Colour } from '../output.js'

/** How one state is printed: its words and their colour. */
export interface StateStyle {
  label: string
  colour: Colour
  /** What a dry run says instead, for a state that writes or deletes the file. */
  dry?: string
}

// Wide enough for the common labels (`overwritten`); longer ones push the file along.
const LABEL_WIDTH = 12

// One wording, wherever a command reports a file you edited since it was published.
const CHANGED_BY_YOU = 'changed by you'

/**
 * The label of every state a package file can be reported in, by any package command. The
 * compiler checks that every state of publish, status, update, remove and the ledger rebuild has
 * one; see docs/packages/publishing.md and docs/upgrading-packages.md for what each means.
 */
export const FILE_STATE_STYLES = {
  // Written, or would be.
  written: { label: 'written', colour: 'green', dry: 'would be written' },
  overwritten: { label: 'overwritten', colour: 'yellow', dry: 'would be overwritten' },
  replaced: { label: 'replaced', colour: 'green', dry: 'would be replaced' },
  merged: { label: 'merged', colour: 'green', dry: 'would be merged' },
  added: { label: 'added', colour: 'green', dry: 'would be added' },
  deleted: { label: 'deleted', colour: 'green', dry: 'would be deleted' },
  resolved: { label: 'resolved', colour: 'green' },
  // Left as they are.
  unchanged: { label: 'unchanged', colour: 'dim' },
  'changed-by-you': { label: CHANGED_BY_YOU, colour: 'cyan' },
  changed: { label: CHANGED_BY_YOU, colour: 'cyan' },
  kept: { label: `kept (${CHANGED_BY_YOU})`, colour: 'cyan' },
  'skipped-changed': { label: `skipped (${CHANGED_BY_YOU}; --force to replace)`, colour: 'yellow' },
  'skipped-exists': { label: 'skipped (already exists, never published; --force to replace)', colour: 'yellow' },
  missing: { label: 'missing (deleted by you)', colour: 'dim' },
  'not-published': { label: 'not published', colour: 'dim' },
  // Needing attention.
  'changed-upstream': { label: 'changed upstream', colour: 'yellow' },
  'changed-both': { label: 'changed on both sides', colour: 'red' },
  conflict: { label: 'conflict', colour: 'red' },
  'added-upstream': { label: 'added upstream', colour: 'yellow' },
  'removed-upstream': { label: 'removed upstream', colour: 'yellow' },
} satisfies Record<AnyFileState, StateStyle>

/** The words for `state`; with `dry`, as a dry run says them (`would be written`). */
export function stateLabel(state: AnyFileState, dry = false): string {
  const style: StateStyle = FILE_STATE_STYLES[state]
  return (dry && style.dry) || style.label
}

/** The words for `state` in its colour, for a table cell or a sentence. */
export function paintedState(command: Command, state: AnyFileState): string {
  return command.paint(FILE_STATE_STYLES[state].colour, stateLabel(state))
}

/** How {@link printFileLines} prints a list of files. */
export interface FileLinesOptions<Outcome> {
  /** Say what would happen (`would be written`), for a dry run. */
  dry?: boolean
  /** Text after the file, e.g. the versions it moved between. */
  detail?: (outcome: Outcome) => string
  /** Lines printed after the file's own, e.g. its diff. */
  below?: (outcome: Outcome) => string | undefined
  /** Whether the line is a warning, on stderr: a file kept because you changed it. */
  warn?: (outcome: Outcome) => boolean
}

/**
 * Prints one line per file, as every package command does: the state's label in its colour,
 * padded to one column, then the file and what the command adds about it.
 *
 * @example
 * printFileLines(this, await publish(this.root, files, { dry }), { dry })
 * // written      config/blog.ts
 */
export function printFileLines<Outcome extends { state: AnyFileState; destination: string }>(
  command: Command,
  outcomes: readonly Outcome[],
  options: FileLinesOptions<Outcome> = {},
): void {
  for (const outcome of outcomes) {
    const style = { label: stateLabel(outcome.state, options.dry), colour: FILE_STATE_STYLES[outcome.state].colour }
    printFileLine(command, style, outcome.destination, {
      detail: options.detail?.(outcome),
      warn: options.warn?.(outcome),
    })
    const below = options.below?.(outcome)
    if (below) command.line(below)
  }
}

/**
 * Prints one file's line with a label of the command's own (a stub copied, an env key added), in
 * the same column as {@link printFileLines}. A warning goes to stderr, all of it in yellow.
 */
export function printFileLine(
  command: Command,
  style: Omit<StateStyle, 'dry'>,
  path: string,
  options: { detail?: string; warn?: boolean } = {},
): void {
  const label = style.label.padEnd(LABEL_WIDTH)
  const rest = `${path}${options.detail ?? ''}`
  if (options.warn) command.warn(`${label} ${rest}`)
  else command.line(`${command.paint(style.colour, label)} ${rest}`)
}
