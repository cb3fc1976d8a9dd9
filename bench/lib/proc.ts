import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** How to start one process: the program, its arguments, where, and extra environment. */
export interface Launch {
  command: string
  args: readonly string[]
  cwd?: string
  env?: Record<string, string>
  /** Kill it after this long (a stuck child must not hang the suite). */
  timeoutMs?: number
}

/** The wall time of a process from spawn to exit, in ms; a non-zero exit is an error with its output. */
export async function wallTime(launch: Launch): Promise<number> {
  return (await runProcess(launch)).ms
}

/** Runs a process to its end: its wall time (spawn to exit) and its stdout. A non-zero exit is an error. */
export function runProcess(launch: Launch): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(launch.command, launch.args, {
      cwd: launch.cwd,
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), launch.timeoutMs ?? 60_000)
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const ms = performance.now() - started
      clearTimeout(timer)
      if (code === 0) resolve({ ms, stdout })
      else reject(new Error(`${describe(launch)} exited with ${code ?? signal}:\n${output.slice(-2000)}`))
    })
  })
}

/** A server process that printed the port it listens on. */
export interface RunningProcess {
  child: ChildProcess
  pid: number
  port: number
  /** ms from spawn until the port line appeared. */
  readyAfterMs: number
  startedAt: number
  stop(): Promise<void>
}

/**
 * Starts a server and resolves once its output matches `portPattern` (first group: the port).
 * It is killed if that takes longer than `timeoutMs`.
 */
export function startProcess(launch: Launch, portPattern: RegExp): Promise<RunningProcess> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now()
    const child = spawn(launch.command, launch.args, {
      cwd: launch.cwd,
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    let ready = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${describe(launch)} did not print its port within ${launch.timeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`))
    }, launch.timeoutMs ?? 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = ready ? null : portPattern.exec(output)
      if (!match) return
      ready = true
      clearTimeout(timer)
      resolve({
        child,
        pid: child.pid as number,
        port: Number(match[1]),
        readyAfterMs: performance.now() - startedAt,
        startedAt,
        stop: () => stopProcess(child),
      })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('error', reject)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (!ready) reject(new Error(`${describe(launch)} exited with ${code ?? signal} before it listened:\n${output.slice(-2000)}`))
    })
  })
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** The resident set size of a live process, in MB (Linux /proc). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status)
  if (!match) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1]) / 1024
}

function describe(launch: Launch): string {
  return [launch.command, ...launch.args].join(' ')
}

/** CPU time (user + system) a live process has used so far, in ms (Linux /proc, 10 ms ticks). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces), from its closing parenthesis on.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND
}

// USER_HZ: 100 on every Linux build Node supports.
const CLOCK_TICKS_PER_SECOND = 100
