import { spawn, execFile } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

/** A running child process, its output so far, and how to stop it. */
export interface Started {
  child: ChildProcess
  /** stdout and stderr interleaved, for failure messages. */
  output: () => string
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop: (graceMs?: number) => Promise<void>
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Poll this URL until it answers 2xx before resolving (ms budget below). */
  readyUrl?: string
  readyTimeoutMs?: number
}

const MAX_OUTPUT_CHARS = 200_000

/**
 * How long a server may take to start answering. Generous: a Node service loads its
 * TypeScript sources at start, which takes seconds when the machine is busy (test files
 * run side by side); a server that answers sooner is not waited for any longer.
 */
export const START_TIMEOUT_MS = 60_000

/**
 * Starts a long-running server and waits until `readyUrl` answers. Fails with
 * the process's output if it exits first or does not get ready in time.
 */
export async function startProcess (command: string, args: string[], options: StartOptions = {}): Promise<Started> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8')
    // Keep the tail: a chatty server must not grow the test's memory.
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS / 2)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  let exited = false
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => { exited = true; resolve() })
    child.once('error', (err) => { output += `\nspawn error: ${err.message}`; exited = true; resolve() })
  })
  const started: Started = {
    child,
    output: () => output,
    stop: async (graceMs = 5000) => {
      if (exited) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL') }, graceMs)
      await exit
      clearTimeout(timer)
    }
  }
  if (options.readyUrl !== undefined) {
    try {
      await waitForHttp(options.readyUrl, options.readyTimeoutMs ?? START_TIMEOUT_MS, () => exited)
    } catch (err) {
      await started.stop()
      throw new Error(`${command} did not get ready: ${(err as Error).message}\n--- output ---\n${output}`)
    }
  }
  return started
}

/**
 * Polls `url` until it answers 2xx. Throws after `timeoutMs`, or at once when
 * `gaveUp()` says the server is gone.
 */
export async function waitForHttp (url: string, timeoutMs: number, gaveUp: () => boolean = () => false): Promise<void> {
  const end = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < end) {
    if (gaveUp()) throw new Error(`process exited while waiting for ${url}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (err) {
      last = (err as Error).message
    }
    await sleep(100)
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`)
}

/** Polls `check` until it returns a value other than undefined; throws after `timeoutMs`. */
export async function eventually<T> (check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`${what}: not met within ${timeoutMs} ms`)
    await sleep(200)
  }
}

/** What a finished command printed, and how it exited. */
export interface ToolResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command to completion (never throws on a non-zero exit). */
export async function runTool (command: string, args: string[], options: { cwd?: string, timeoutMs?: number } = {}): Promise<ToolResult> {
  return await new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1
      resolve({ code, stdout, stderr: stderr + (err !== null && typeof err.code !== 'number' ? `\n${err.message}` : '') })
    })
  })
}
