import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort, waitFor } from './processes.ts'

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager'

/** A real Alertmanager on 127.0.0.1 with a temp dir: its URL, and `stop` (kills it, removes the dir). */
export interface RunningAlertmanager {
  url: string
  stop (): Promise<void>
  /** The alerts `GET /api/v2/alerts` lists (active ones; resolved alerts are left out). */
  alerts (filter?: string): Promise<AmAlert[]>
}

/** An alert as Alertmanager's `GET /api/v2/alerts` returns it (the fields the tests read). */
export interface AmAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  /** `inhibitedBy`: fingerprints of the alerts that inhibit this one. */
  status: { state: string, inhibitedBy: string[] }
  fingerprint: string
}

const CONFIG = `route:
  receiver: blackhole
  group_wait: 1s
receivers:
  - name: blackhole
`

/** Starts one; `config` is the text of its alertmanager.yml (default: one receiver that drops everything). */
export async function startAlertmanager (options: { config?: string } = {}): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'bm-alertmanager-'))
  const config = join(dir, 'alertmanager.yml')
  writeFileSync(config, options.config ?? CONFIG)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const child: ChildProcess = spawn(ALERTMANAGER_BIN, [
    `--config.file=${config}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Empty: no cluster gossip, no second port.
    '--cluster.listen-address='
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (c: Buffer) => { output += c.toString() })
  child.stderr!.on('data', (c: Buffer) => { output += c.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await Promise.race([exited, sleep(5000)])
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break
    try {
      if ((await fetch(`${url}/-/ready`)).ok) {
        return {
          url,
          stop,
          alerts: async (filter?: string) => {
            const q = filter === undefined ? '' : `?filter=${encodeURIComponent(filter)}`
            const res = await fetch(`${url}/api/v2/alerts${q}`)
            if (!res.ok) throw new Error(`alertmanager GET /api/v2/alerts: HTTP ${res.status}`)
            return await res.json() as AmAlert[]
          }
        }
      }
    } catch {
      // not listening yet
    }
    await sleep(50)
  }
  await stop()
  throw new Error(`alertmanager did not become ready:\n${output}`)
}

/** Polls `probe` until it returns a value other than undefined (see processes.ts `waitFor`). */
export async function eventually<T> (probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  return await waitFor('an Alertmanager state', probe, timeoutMs, 100)
}
