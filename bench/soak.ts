/**
 * Soak: the real service (src/cli.ts serve, persistence on) for
 * SOAK_WARMUP_SECONDS (default 60) and then SOAK_SECONDS (default 60) of
 * the same load: wrk at 64 connections over five routes, a bot pushing
 * 1,000 events/s, 10 SSE clients (3 never read) and a scraper every
 * second. Passes with no error and no non-2xx, RSS after a full GC flat
 * in the second half of the run, the SOAK_SECONDS after the warm-up
 * (slope under 1 MB/min), and every acknowledged event in the store. Writes docs/RELIABILITY.md and docs/reliability.png unless
 * SOAK_WRITE_DOCS=0. Exits 1 when a pass condition fails.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventBot, runWrk, sampleValue, sseClients, timed } from './soak-load.ts'
import { connectInspector, inspectorUrl } from '../test/integration/helpers/inspector.ts'
import type { RouteFigures } from './soak-load.ts'
import { writeReport } from './soak-report.ts'
import { MALLOC_ARENA_LIMIT } from '../src/malloc-arenas.ts'
import type { SoakResult, SoakSample } from './soak-report.ts'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60)
/**
 * Load before the measured window: under this load V8 takes 30 to 45 s to
 * size its heap; the pass condition is about what follows. (RSS after a GC
 * crept ~1 MB/min for minutes with glibc's default malloc arenas while the
 * JavaScript heap stayed flat: src/malloc-arenas.ts.)
 */
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 60)
const WRITE_DOCS = process.env.SOAK_WRITE_DOCS !== '0'
/** A full GC in the service this often, ms: RSS after it is the memory the pass condition judges. */
const GC_EVERY_MS = 1000
/**
 * RSS read this many times, 100 ms apart, after each GC; the least counts.
 * Requests in flight at 64 connections hold 0.5-1 MB of buffers at any
 * moment: single readings scatter by that much, which over a 30 s half is
 * a slope of 1-2 MB/min from noise alone. The least of a few readings is
 * the memory the process keeps.
 */
const READS_AFTER_GC = 3
const ROUTES = ['/api/metrics/summary', '/api/metrics/metric/engine_cycle_time?last_n=1000', '/api/metrics/health', '/api/metrics', '/api/metrics/trading']
const CONNECTIONS = [13, 13, 13, 13, 12] // 64 in all

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0)) })
  })
}

/** Resident set size of `pid`, MB (10^6 bytes, as the pass condition says). */
function rssMB (pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024 / 1e6
}

/** Least-squares slope of y over x. */
function leastSquaresSlope (xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2 }
  return sxx === 0 ? 0 : sxy / sxx
}

/**
 * Theil-Sen slope: the median of the slopes between every pair of points.
 * RSS moves in steps of about 1 MB when V8 commits a heap page; over a
 * 30 s half, one such step late in the window is 2 MB/min by least
 * squares, while a leak (growth that keeps on) moves the median too.
 */
function theilSenSlope (xs: number[], ys: number[]): number {
  const slopes: number[] = []
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]))
  }
  if (slopes.length === 0) return 0
  slopes.sort((a, b) => a - b)
  const m = slopes.length >> 1
  return slopes.length % 2 === 1 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2
}

function p99 (values: number[]): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)]
}

async function main (): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bm-soak-'))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const cli = new URL('../src/cli.ts', import.meta.url).pathname
  // Under the inspector: the soak runs a full GC in the service every few seconds and reads RSS
  // after it, which is memory kept; RSS between collections is V8 sizing its heap to the load.
  // Under --inspect the CLI does not re-execute itself to cap malloc arenas (src/malloc-arenas.ts): the variable is set here as the CLI would.
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', cli, 'serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn',
    '--rate-limits', 'read=off,scrape=off,ingest=off,admin=off'], { env: { ...process.env, SAMPLE_INTERVAL_MS: '1000', MALLOC_ARENA_MAX: MALLOC_ARENA_LIMIT }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-20_000) })
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null || i > 200) throw new Error(`the service did not start: ${stderr}`)
      const ok = await fetch(`${base}/api/health/live`).then((r) => r.ok, () => false)
      if (ok) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    // Engine cycles, so that /metric/engine_cycle_time?last_n=1000 has 1,000 points to answer with.
    const cycles = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ type: 'engine_cycle', cycle_time: 0.01 + (i % 7) / 1000, state: 'scanning', positions: 1, signals: 0, orders: 0 })))
    if ((await timed(`${base}/api/metrics/events`, { method: 'POST', body: cycles })).status !== 200) throw new Error('seeding engine cycles failed')

    const pid = child.pid ?? 0
    const inspector = await connectInspector(inspectorUrl(stderr) ?? '')
    const started = Date.now()
    const bot = new EventBot(base, 1000)
    bot.start()
    const sse = sseClients(base, 10, 3)
    const samples: SoakSample[] = []
    const scrapes = { ok: 0, failed: 0, latenciesMs: [] as number[] }
    const sampler = setInterval(() => {
      void timed(`${base}/api/metrics`).then((r) => {
        scrapes.latenciesMs.push(r.ms)
        if (r.status !== 200) { scrapes.failed++; return }
        scrapes.ok++
        const lag = sampleValue(r.text, 'breakout_system_event_loop_lag_p99_seconds')
        const t = (Date.now() - started) / 1000
        const recent = bot.latenciesMs.filter(([at]) => at > Date.now() - 1000).map(([, v]) => v)
        samples.push({ t, rssMB: rssMB(pid), lagMs: lag === null ? NaN : lag * 1000, scrapeMs: r.ms, ingestP99Ms: p99(recent) })
      }, () => { scrapes.failed++ })
    }, 1000)
    const afterGc: Array<{ t: number, rssMB: number }> = []
    const gcEvery = setInterval(() => {
      void inspector.collectGarbage().then(async () => {
        let least = rssMB(pid)
        for (let i = 1; i < READS_AFTER_GC; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          least = Math.min(least, rssMB(pid))
        }
        afterGc.push({ t: (Date.now() - started) / 1000, rssMB: least })
      }, () => {})
    }, GC_EVERY_MS)
    const routes: RouteFigures[] = await Promise.all(ROUTES.map(async (r, i) => await runWrk(base, r, CONNECTIONS[i], WARMUP_SECONDS + SECONDS)))
    clearInterval(sampler)
    clearInterval(gcEvery)
    inspector.close()
    await bot.stop()
    sse.close()

    const exposition = (await timed(`${base}/api/metrics`)).text
    const stored = sampleValue(exposition, 'breakout_latency_seconds_count{component="soak_bot"}') ?? 0
    const second = samples.filter((s) => s.t >= WARMUP_SECONDS)
    const minutes = second.map((s) => s.t / 60)
    const rss = second.map((s) => s.rssMB)
    const rssSlopeMBPerMin = theilSenSlope(minutes, rss)
    const rssLeastSquaresMBPerMin = leastSquaresSlope(minutes, rss)
    // The second half of the run: everything after the warm-up. Over 60 s the slope of readings
    // scattered by ~0.3 MB has a standard error near 0.15 MB/min; over 30 s it was near 0.4.
    const kept = afterGc.filter((s) => s.t >= WARMUP_SECONDS)
    const rssAfterGcSlopeMBPerMin = theilSenSlope(kept.map((s) => s.t / 60), kept.map((s) => s.rssMB))
    const result: SoakResult = {
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      routes,
      samples,
      acknowledged: bot.acknowledged,
      stored,
      ingestFailures: bot.failures,
      ingestP99Ms: p99(bot.latenciesMs.map(([, v]) => v)),
      scrapes: { ok: scrapes.ok, failed: scrapes.failed, p99Ms: p99(scrapes.latenciesMs) },
      sse: { connected: sse.statuses.filter((s) => s === 200).length, bytesRead: sse.bytes() },
      rssSlopeMBPerMin,
      rssLeastSquaresMBPerMin,
      rssAfterGc: afterGc,
      rssAfterGcSlopeMBPerMin,
      failures: []
    }
    const f = result.failures
    for (const r of routes) {
      if (r.non2xx > 0) f.push(`${r.route}: ${r.non2xx} non-2xx answers`)
      if (r.socketErrors > 0) f.push(`${r.route}: ${r.socketErrors} socket errors`)
    }
    if (bot.failures > 0) f.push(`${bot.failures} ingest requests failed`)
    if (scrapes.failed > 0) f.push(`${scrapes.failed} scrapes failed`)
    if (result.sse.connected !== 10) f.push(`${result.sse.connected} of 10 SSE clients connected`)
    if (stored !== bot.acknowledged) f.push(`${bot.acknowledged} events acknowledged, ${stored} stored`)
    if (kept.length < 3) f.push(`only ${kept.length} RSS readings after a GC in the second half`)
    else if (!(rssAfterGcSlopeMBPerMin < 1)) f.push(`RSS after a GC grew ${rssAfterGcSlopeMBPerMin.toFixed(2)} MB/min in the second half`)
    if (child.exitCode !== null) f.push(`the service exited with ${child.exitCode}`)
    process.stdout.write(JSON.stringify({ ...result, samples: undefined }, null, 2) + '\n')
    process.stdout.write(`RSS MB each second: ${samples.map((s) => s.rssMB.toFixed(0)).join(' ')}\n`)
    process.stdout.write(`RSS MB after each GC: ${afterGc.map((s) => `${s.t.toFixed(0)}s ${s.rssMB.toFixed(1)}`).join(', ')}\n`)
    if (WRITE_DOCS) await writeReport(result)
    if (f.length > 0) process.stderr.write(`soak FAILED:\n  ${f.join('\n  ')}\n`)
    else process.stdout.write('soak passed\n')
    return f.length > 0 ? 1 : 0
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => { if (child.exitCode !== null) resolve(null); else child.once('exit', resolve) })
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().then((code) => { process.exitCode = code }, (error: unknown) => {
  process.stderr.write(`soak: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
