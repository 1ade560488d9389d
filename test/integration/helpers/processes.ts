import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.ts'
import { START_TIMEOUT_MS } from './server-process.ts'

export { freePort, START_TIMEOUT_MS }

/** A new temporary directory and a function that removes it. */
export function tempDir (prefix: string): { path: string, remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `bm-${prefix}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** A child process with its output kept for failure messages. */
export interface Started {
  child: ChildProcess
  output: () => string
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop: (graceMs?: number) => Promise<void>
}

export function start (command: string, args: readonly string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const keep = (chunk: Buffer): void => { out = (out + chunk.toString()).slice(-20_000) }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    child,
    output: () => out,
    stop: async (graceMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    }
  }
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T> (what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await check()
      if (v !== undefined) return v
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`)
}

/** GET a URL and parse JSON; throws on a non-2xx answer. */
export async function getJson<T = any> (url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) })
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`)
  return await res.json() as T
}

/** Starts the service's CLI (`demo` or `serve`) on a free port; resolves once it answers. */
export async function startService (command: 'demo' | 'serve', args: readonly string[] = [], env: Record<string, string> = {}): Promise<Started & { url: string, port: number }> {
  const port = await freePort()
  const cli = new URL('../../../src/cli.ts', import.meta.url).pathname
  const started = start(process.execPath, [cli, command, '--port', String(port), '--log-level', 'warn', ...args], env)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitFor('the service to answer', async () => {
      if (started.child.exitCode !== null) throw new Error(`service exited: ${started.output()}`)
      const res = await fetch(`${url}/api/health/live`).catch(() => fetch(`${url}/api/metrics/summary`))
      return res.status < 500 ? true : undefined
    }, START_TIMEOUT_MS)
  } catch (error) {
    await started.stop()
    throw new Error(`${(error as Error).message}\n${started.output()}`)
  }
  return { ...started, url, port }
}
