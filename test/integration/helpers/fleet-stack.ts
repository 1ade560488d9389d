import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port.ts'
import { MONITORING_DIR } from './monitoring-files.ts'
import { START_TIMEOUT_MS, startProcess } from './server-process.ts'
import type { Started } from './server-process.ts'

const CLI = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url))

/** A demo service started from the CLI as a child process (Node 24: this test's own runtime). */
export interface DemoBotProcess {
  bot: string
  port: number
  url: string
  process: Started
}

/** `breakout-metrics demo --no-persist` with the given bot identity and environment. */
export async function startDemoBot (bot: string, env: Record<string, string>): Promise<DemoBotProcess> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = await startProcess(process.execPath, [CLI, 'demo', '--no-persist', '--port', String(port), '--log-level', 'warn'], {
    env: { ...process.env, BOT_ID: bot, BOT_URL: `${url}/`, SAMPLE_INTERVAL_MS: '1000', ...env },
    readyUrl: `${url}/api/health/live`,
    readyTimeoutMs: START_TIMEOUT_MS
  })
  return { bot, port, url, process: proc }
}

/** A bot of a test fleet: its id, its BOT_LABELS, and whether it pushes (remote write) or is scraped by vmagent. */
export interface FleetBotSpec {
  bot: string
  labels: string
  pushing: boolean
}

/**
 * Starts a fleet's bots one after another (several Node processes warming up
 * at once on a small CI machine starve each other): the pushing ones remote-write
 * to `writeUrl` every `pushIntervalMs`, the others are scraped by one vmagent
 * (its files in `dir`), started last when there are any. Each process's stop
 * is pushed onto `stops` as soon as it runs, so a failed start still cleans up.
 */
export async function startFleetBots (specs: readonly FleetBotSpec[], options: { writeUrl: string, dir: string, pushIntervalMs: number, stops: Array<() => Promise<void>> }): Promise<DemoBotProcess[]> {
  const bots: DemoBotProcess[] = []
  for (const spec of specs) {
    const b = await startDemoBot(spec.bot, {
      BOT_LABELS: spec.labels,
      ...(spec.pushing ? { REMOTE_WRITE_URL: options.writeUrl, REMOTE_WRITE_INTERVAL_MS: String(options.pushIntervalMs) } : {})
    })
    options.stops.push(async () => { await b.process.stop() })
    bots.push(b)
  }
  const scraped = bots.filter((_, i) => !specs[i].pushing)
  if (scraped.length > 0) {
    const vmagent = await startVmagent(options.dir, scraped.map((b) => `127.0.0.1:${b.port}`), options.writeUrl)
    options.stops.push(async () => { await vmagent.stop() })
  }
  return bots
}

/**
 * `breakout-metrics fleet` over `queryUrl`, alerts from `alertmanagerUrl` (null: none asked);
 * `staleAfterMs` as FLEET_STALE_AFTER_MS (default: the product's, 60 s).
 */
export async function startFleetView (queryUrl: string, alertmanagerUrl: string | null, staleAfterMs?: number): Promise<{ url: string, process: Started }> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env: Record<string, string | undefined> = { ...process.env, ALERTMANAGER_URL: alertmanagerUrl ?? undefined }
  if (staleAfterMs !== undefined) env.FLEET_STALE_AFTER_MS = String(staleAfterMs)
  if (alertmanagerUrl === null) delete env.ALERTMANAGER_URL
  const proc = await startProcess(process.execPath, [CLI, 'fleet', '--query-url', queryUrl, '--port', String(port), '--log-level', 'warn'], {
    env,
    readyUrl: `${url}/api/fleet`,
    readyTimeoutMs: START_TIMEOUT_MS
  })
  return { url, process: proc }
}

/**
 * vmagent with the shipped monitoring/fleet/vmagent.yml, scraping `targets`
 * every second instead of five, its buffer in `dir`.
 */
export async function startVmagent (dir: string, targets: string[], writeUrl: string): Promise<Started> {
  await mkdir(join(dir, 'buffer'), { recursive: true })
  const config = (await readFile(join(MONITORING_DIR, 'fleet', 'vmagent.yml'), 'utf8'))
    .replace('scrape_interval: 5s', 'scrape_interval: 1s')
    .replace('scrape_timeout: 4s', 'scrape_timeout: 900ms')
  if (!config.includes('scrape_interval: 1s')) throw new Error('vmagent.yml: no scrape_interval to shorten')
  await writeFile(join(dir, 'vmagent.yml'), config)
  await writeFile(join(dir, 'bots.yml'), `- targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n  labels:\n    host: test-host\n`)
  const port = await freePort()
  return await startProcess('vmagent', [
    `-promscrape.config=${join(dir, 'vmagent.yml')}`,
    `-remoteWrite.url=${writeUrl}`,
    `-remoteWrite.tmpDataPath=${join(dir, 'buffer')}`,
    '-remoteWrite.flushInterval=500ms',
    `-httpListenAddr=127.0.0.1:${port}`,
    '-loggerLevel=WARN'
  ], { readyUrl: `http://127.0.0.1:${port}/health` })
}

/**
 * The shipped BotDown rule with its silence threshold `afterS` seconds instead of 60, and the
 * resolution of "last heard of" 5 s instead of 15 (so that a live bot, pushing every second,
 * stays well below the shorter threshold). The rule's expression is otherwise as shipped.
 */
export function shortenBotDown (rules: string, afterS: number): string {
  const shipped = 'timestamp(breakout_store_series{bot!=""})[1h:15s])) > 60\n'
  if (!rules.includes(shipped)) throw new Error('breakout-fleet-alerts.yml: no BotDown expression to shorten')
  return rules.replace(shipped, `timestamp(breakout_store_series{bot!=""})[1h:5s])) > ${afterS}\n`)
}

/**
 * vmalert over the shipped rule files (copied to `dir`), evaluating every `intervalS` seconds.
 * `botDownAfterS`: BotDown fires after this many seconds of silence instead of 60 (shortenBotDown).
 */
export async function startVmalert (dir: string, vmUrl: string, alertmanagerUrl: string, options: { intervalS?: number, botDownAfterS?: number } = {}): Promise<Started> {
  const intervalS = options.intervalS ?? 2
  await cp(join(MONITORING_DIR, 'rules'), join(dir, 'rules'), { recursive: true })
  if (options.botDownAfterS !== undefined) {
    const fleetRules = join(dir, 'rules', 'breakout-fleet-alerts.yml')
    await writeFile(fleetRules, shortenBotDown(await readFile(fleetRules, 'utf8'), options.botDownAfterS))
  }
  const port = await freePort()
  return await startProcess('vmalert', [
    `-rule=${join(dir, 'rules')}/*.yml`,
    `-datasource.url=${vmUrl}`,
    // Recording rules and alert state go back to the store, as monitoring/fleet/vmalert.sh runs it.
    `-remoteWrite.url=${vmUrl}`,
    `-remoteRead.url=${vmUrl}`,
    `-notifier.url=${alertmanagerUrl}`,
    `-evaluationInterval=${intervalS}s`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-loggerLevel=WARN'
  ], { readyUrl: `http://127.0.0.1:${port}/health` })
}
