/**
 * The load of the soak (bench/soak.ts): wrk per route, a bot pushing
 * events, SSE clients (some never reading), a Prometheus-like scraper.
 */
import { spawn } from 'node:child_process'
import { get } from 'node:http'
import type { ClientRequest } from 'node:http'

/** One route's figures from wrk. */
export interface RouteFigures {
  route: string
  connections: number
  requests: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  non2xx: number
  socketErrors: number
}

function ms (text: string | undefined): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '')
  if (m === null) return NaN
  const v = Number(m[1])
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000
}

/** Parses wrk's `--latency` report. */
export function parseWrk (route: string, connections: number, out: string): RouteFigures {
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  return {
    route,
    connections,
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN),
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50Ms: ms(/\s50%\s+(\S+)/.exec(out)?.[1]),
    p99Ms: ms(/\s99%\s+(\S+)/.exec(out)?.[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: errors === null ? 0 : errors.slice(1).reduce((a, b) => a + Number(b), 0)
  }
}

/** Runs wrk on one route for `seconds`; resolves with its figures. */
export async function runWrk (base: string, route: string, connections: number, seconds: number): Promise<RouteFigures> {
  return await new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', base + route], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { out += c.toString() })
    child.on('error', reject)
    child.on('exit', (code) => {
      const figures = parseWrk(route, connections, out)
      if (code === 0 && Number.isFinite(figures.requests) && Number.isFinite(figures.p99Ms)) resolve(figures)
      else reject(new Error(`wrk ${route}: exit ${String(code)}, output not understood:\n${out}`))
    })
  })
}

/** A timed HTTP exchange: status and milliseconds. */
export async function timed (url: string, init: { method?: string, body?: string } = {}): Promise<{ status: number, ms: number, text: string }> {
  const t0 = performance.now()
  const res = await fetch(url, { method: init.method, body: init.body, headers: init.body === undefined ? {} : { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) })
  const text = await res.text()
  return { status: res.status, ms: performance.now() - t0, text }
}

/** The bot: `perSecond` latency events a second, in 10 batches; counts what was acknowledged. */
export class EventBot {
  acknowledged = 0
  failures = 0
  readonly latenciesMs: Array<[number, number]> = []
  private timer: ReturnType<typeof setInterval> | null = null
  private inFlight = new Set<Promise<void>>()

  private readonly base: string
  private readonly perSecond: number

  constructor (base: string, perSecond: number) {
    this.base = base
    this.perSecond = perSecond
  }

  start (): void {
    const batch = this.perSecond / 10
    const body = JSON.stringify(Array.from({ length: batch }, (_, i) => ({ type: 'latency', component: 'soak_bot', seconds: 0.001 + (i % 10) / 1000 })))
    this.timer = setInterval(() => {
      const p = timed(`${this.base}/api/metrics/events`, { method: 'POST', body }).then((r) => {
        this.latenciesMs.push([Date.now(), r.ms])
        if (r.status === 200) this.acknowledged += (JSON.parse(r.text) as { accepted: number }).accepted
        else this.failures++
      }, () => { this.failures++ }).finally(() => { this.inFlight.delete(p) })
      this.inFlight.add(p)
    }, 100)
  }

  async stop (): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer)
    await Promise.all(this.inFlight)
  }
}

/** SSE clients on /api/metrics/stream; `stalled` of them never read a byte after the headers. */
export function sseClients (base: string, count: number, stalled: number): { statuses: number[], bytes: () => number, close: () => void } {
  const statuses: number[] = []
  const requests: ClientRequest[] = []
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const req = get(`${base}/api/metrics/stream`, (res) => {
      statuses.push(res.statusCode ?? 0)
      if (i < stalled) res.pause()
      else res.on('data', (c: Buffer) => { bytes += c.length })
    })
    req.on('error', () => { /* closed at the end */ })
    requests.push(req)
  }
  return { statuses, bytes: () => bytes, close: () => { for (const r of requests) r.destroy() } }
}

/** Reads one Prometheus sample value from exposition text. */
export function sampleValue (text: string, series: string): number | null {
  // The service puts its bot identity labels first (`name{bot="...",component="x"}`): match the
  // name and each wanted label, wherever it stands in the line's label set.
  const brace = series.indexOf('{')
  const name = brace === -1 ? series : series.slice(0, brace)
  const wanted = brace === -1 ? [] : series.slice(brace + 1, -1).split(',').filter((p) => p !== '')
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue
    const close = line.indexOf('} ')
    const labels = line.startsWith(name + '{') && close !== -1 ? line.slice(name.length + 1, close).split(',') : []
    if (wanted.every((w) => labels.includes(w))) return Number(line.slice(close === -1 ? name.length + 1 : close + 2))
  }
  return null
}
