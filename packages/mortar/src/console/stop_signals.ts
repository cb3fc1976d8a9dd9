/** When a long-running command should stop, and when it should stop at once. */
export interface StopSignals {
  /** Settles with what asked: `SIGTERM`, `SIGINT`, or `parent gone` for a child whose parent died. */
  stop: Promise<string>
  /** Settles on a second Ctrl+C (SIGINT) once stopping has begun: cut what is left. */
  force: Promise<void>
  /** Removes the listeners (once the command is done). */
  dispose(): void
}

/**
 * Listens for the end of a long-running command such as `craft serve`. The listeners stay
 * installed while it shuts down, so a repeated SIGTERM (a supervisor forwarding the signal a
 * terminal already sent) never falls back to Node's default of dying on the spot.
 *
 * With `child`, the process also stops when its parent goes away, even one killed with SIGKILL:
 * the IPC channel to it closes, or (without one) the parent pid changes as the process is
 * adopted. No Mortar child outlives the process that started it.
 */
export function stopSignals(options: { child?: boolean } = {}): StopSignals {
  let stopWith!: (reason: string) => void
  let forceNow!: () => void
  const stop = new Promise<string>((resolve) => {
    stopWith = resolve
  })
  const force = new Promise<void>((resolve) => {
    forceNow = resolve
  })
  let stopping = false
  const onSignal = (signal: string) => {
    if (stopping && signal === 'SIGINT') forceNow()
    stopping = true
    stopWith(signal)
  }
  const parentGone = () => {
    stopping = true
    stopWith('parent gone')
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let watchdog: NodeJS.Timeout | undefined
  if (options.child) {
    process.once('disconnect', parentGone)
    const parent = process.ppid
    watchdog = setInterval(() => {
      if (process.ppid !== parent) parentGone()
    }, 500)
    watchdog.unref()
  }

  return {
    stop,
    force,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      process.off('disconnect', parentGone)
      clearInterval(watchdog)
    },
  }
}
