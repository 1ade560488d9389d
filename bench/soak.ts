/**
 * Soak: the real service (src/cli.ts serve, persistence on) for
 * SOAK_WARMUP_SECONDS (default 100) and then SOAK_SECONDS (default 60) of
 * the same load: wrk at 64 connections over five routes, a bot pushing
 * 1,000 events/s, 10 SSE clients (3 never read) and a scraper every
 * second. Passes with no error and no non-2xx, the memory kept flat in
 * the second half of the run, the SOAK_SECONDS after the warm-up (the
 * least RSS after a full GC in each 10 s window: Theil-Sen slope under
 * 1 MB/min, bench/soak-judge.ts), and every acknowledged event in the
 * store. Writes docs/RELIABILITY.md and docs/reliability.png unless
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
import { MALLOC_SETTINGS, nodeArgsToAdd } from '../src/malloc-tuning.ts'
import { keptMemorySlope, leastSquaresSlope, theilSenSlope } from './soak-judge.ts'
import type { AfterGcReading, SoakResult, SoakSample } from './soak-report.ts'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60)
/**
 * Load before the measured window; the pass condition is about what
 * follows. Under this load V8 takes 30 to 45 s to size its heap, and the
 * memory kept takes one more step of 1-2 MB, at 60-90 s, around the first
 * ring snapshot (SQLite's page cache and V8's old space taking their
 * size); in a 5-minute run it then stayed within 0.5 MB. (RSS after a GC
 * crept ~1 MB/min for minutes with glibc's default malloc arenas while the
 * JavaScript heap stayed flat: src/malloc-tuning.ts.)
 */
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 100)
const WRITE_DOCS = process.env.SOAK_WRITE_DOCS !== '0'
/** A full GC in the service this often, ms: RSS after it is the memory the pass condition judges. */
const GC_EVERY_MS = 1000
/**
 * RSS read this many times, 100 ms apart, after each GC; the least counts.
 * Requests in flight at 64 connections hold 0.5-1 MB of buffers at any
 * moment.
 */
const READS_AFTER_GC = 3
/** The judge takes the least RSS after a GC in each window of this many seconds (bench/soak-judge.ts). */
const ENVELOPE_WINDOW_SECONDS = 10
const ROUTES = ['/api/metrics/summary', '/api/metrics/metric/engine_cycle_time?last_n=1000', '/api/metrics/health', '/api/metrics', '/api/metrics/trading']
const CONNECTIONS = [13, 13, 13, 13, 12] // 64 in all

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0)) })
  })
}

/** Resident set size of `pid`, MB (10^6 bytes, as the pass condition says); NaN once the process is gone. */
function rssMB (pid: number): number {
  let status: string
  try { status = readFileSync(`/proc/${pid}/status`, 'utf8') } catch { return NaN }
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024 / 1e6
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
  // Under --inspect the CLI does not re-execute itself to tune its memory (src/malloc-tuning.ts): the variables and the semi-space cap are set here as the CLI would.
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', ...nodeArgsToAdd([], process.env), cli, 'serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn',
    '--rate-limits', 'read=off,scrape=off,ingest=off,admin=off'], { env: { ...process.env, SAMPLE_INTERVAL_MS: '1000', ...MALLOC_SETTINGS }, stdio: ['ignore', 'ignore', 'pipe'] })
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
    const afterGc: AfterGcReading[] = []
    const gcEvery = setInterval(() => {
      void inspector.collectGarbage().then(async () => {
        const t = (Date.now() - started) / 1000
        let least = rssMB(pid)
        // The JavaScript heap and the memory of Buffers, for the report: what V8 itself keeps.
        const heap = await inspector.evaluate<{ heapUsed: number, external: number }>('(() => { const m = process.memoryUsage(); return { heapUsed: m.heapUsed, external: m.external } })()')
        for (let i = 1; i < READS_AFTER_GC; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          least = Math.min(least, rssMB(pid))
        }
        afterGc.push({ t, rssMB: least, heapUsedMB: heap.heapUsed / 1e6, externalMB: heap.external / 1e6 })
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
    // The second half of the run: everything after the warm-up, judged on the least reading of each window.
    const kept = keptMemorySlope(afterGc, WARMUP_SECONDS, ENVELOPE_WINDOW_SECONDS)
    const secondHalf = afterGc.filter((s) => s.t >= WARMUP_SECONDS)
    const heapSlope = theilSenSlope(secondHalf.map((s) => s.t / 60), secondHalf.map((s) => s.heapUsedMB))
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
      rssAfterGcSlopeMBPerMin: kept.slopeMBPerMin,
      keptEnvelope: kept.envelope,
      envelopeWindowSeconds: ENVELOPE_WINDOW_SECONDS,
      heapAfterGcSlopeMBPerMin: heapSlope,
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
    if (kept.envelope.length < 3) f.push(`only ${kept.envelope.length} windows with an RSS reading after a GC in the second half`)
    else if (!(kept.slopeMBPerMin < 1)) f.push(`the memory kept (least RSS after a GC per ${ENVELOPE_WINDOW_SECONDS} s) grew ${kept.slopeMBPerMin.toFixed(2)} MB/min in the second half`)
    if (child.exitCode !== null) f.push(`the service exited with ${child.exitCode}`)
    process.stdout.write(JSON.stringify({ ...result, samples: undefined, rssAfterGc: undefined }, null, 2) + '\n')
    process.stdout.write(`RSS MB each second: ${samples.map((s) => s.rssMB.toFixed(0)).join(' ')}\n`)
    process.stdout.write(`RSS MB after each GC (JS heap MB): ${afterGc.map((s) => `${s.t.toFixed(0)}s ${s.rssMB.toFixed(1)} (${s.heapUsedMB.toFixed(1)})`).join(', ')}\n`)
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
