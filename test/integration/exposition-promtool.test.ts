import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Exposition } from '../../src/export/exposition.ts'
import { negotiateFormat } from '../../src/export/content-negotiation.ts'
import { MetricsLogger } from '../../src/logger/metrics-logger.ts'

const PROMTOOL = '/usr/bin/promtool'
const PROMETHEUS = '/usr/bin/prometheus'

/** A logger holding every catalog metric, user metrics of each kind, an overflow series and a dropped point. */
function realisticLogger (): MetricsLogger {
  const logger = new MetricsLogger({ sampler: { intervalMs: 60_000 }, maxLabelSetsPerMetric: 40, onError: () => {} })
  logger.sampler!.sampleNow()
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']
  for (let i = 0; i < 200; i++) {
    const state = ['scanning', 'trading', 'idle'][i % 3]
    logger.logEngineCycle(0.002 + (i % 17) / 1000, state, i % 4, i % 3, i % 2)
    logger.logScannerMetrics(20, i % 5, 0.2 + (i % 7) / 10, { volume_surge: i % 6, range_break: i % 4, atr_filter: 2 })
    logger.logLatency('order_execution', 0.01 + (i % 13) / 100, { symbol: symbols[i % 4] })
    logger.logLatency('market_data', 0.0003 + (i % 11) / 10_000)
    logger.logRiskMetrics(0.1 + (i % 5) / 100, 0.5, 0.04, i * 1.5 - 100)
  }
  for (let i = 0; i < 40; i++) {
    const symbol = symbols[i % 4]
    const side = i % 2 === 0 ? 'long' : 'short'
    logger.logTradeEvent('opened', symbol, side, 0.5, 60_000 + i)
    if (i % 3 === 0) logger.logTradeEvent('reduced', symbol, side, 0.25, 60_100 + i)
    logger.logTradeEvent('closed', symbol, side, 0.5, 60_200 + i, (i % 5) * 10 - 20)
  }
  logger.defineMetric('order_rejects', { kind: 'counter', help: 'Orders the venue rejected, by reason.', unit: '', buckets: [] })
  logger.defineMetric('filled_volume', { kind: 'total', help: 'Filled volume, quote currency.', unit: '', buckets: [] })
  logger.defineMetric('fill_seconds', { kind: 'histogram', help: 'Order to fill, "wall" time in C:\\seconds.\nSecond line.', unit: 'seconds', buckets: [0.01, 0.1, 1, 10] })
  for (let i = 0; i < 100; i++) {
    logger.logMetric('spread_bps', 1 + i / 100, { symbol: symbols[i % 4], venue: 'quote "main" \\ desk' })
    logger.logMetric('order_rejects', 1, { reason: i % 2 === 0 ? 'margin' : 'price_band' })
    logger.logMetric('filled_volume', 1000 + i)
    logger.logMetric('fill_seconds', i / 30)
    logger.logMetric('book_depth', i, { level: String(i) }) // past 40 label sets: folds
  }
  logger.logMetric('spread_bps', NaN) // dropped
  return logger
}

function run (command: string, args: string[], input: string): Promise<{ code: number | null, output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => { output += d.toString() })
    child.stderr.on('data', (d: Buffer) => { output += d.toString() })
    child.on('error', reject)
    child.on('close', (code) => { resolve({ code, output }) })
    child.stdin.end(input)
  })
}

function sampleLines (text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
}

test('promtool check metrics passes the 0.0.4 exposition with nothing to report', async () => {
  const logger = realisticLogger()
  try {
    const exposition = new Exposition(logger)
    exposition.addProvider(() => [{ name: 'breakout_trading_win_rate', help: 'Win rate, 0..1.', type: 'gauge', samples: [{ labels: { window: '1h' }, value: 0.6 }] }])
    const text = await exposition.render('prometheus')
    for (const family of ['breakout_engine_cycle_seconds_bucket', 'breakout_trade_events_total', 'breakout_latency_seconds_count',
      'breakout_scanner_filter_matches', 'breakout_system_cpu_percent', 'breakout_points_dropped_total', 'breakout_series_folded_points_total',
      'fill_seconds_bucket', 'order_rejects_total', 'filled_volume_total', 'spread_bps', 'book_depth{overflow="true"}', 'breakout_trading_win_rate',
      'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes']) {
      assert.ok(text.includes('\n' + family), `${family} is exposed`)
    }
    const { code, output } = await run(PROMTOOL, ['check', 'metrics'], text)
    assert.equal(output, '', 'promtool reports nothing')
    assert.equal(code, 0)
  } finally {
    logger.close()
  }
})

test('promtool does flag a broken exposition (the check above can fail)', async () => {
  const { code, output } = await run(PROMTOOL, ['check', 'metrics'], '# HELP jobs Jobs.\n# TYPE jobs counter\njobs 1\n')
  assert.notEqual(code, 0)
  assert.match(output, /counter metrics should have "_total" suffix/)
})

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function getJson (url: string): Promise<any> {
  const response = await fetch(url)
  return await response.json()
}

test('a real Prometheus scrapes the OpenMetrics exposition and keeps every sample', { timeout: 90_000 }, async () => {
  const logger = realisticLogger()
  const exposition = new Exposition(logger)
  // Rendered once, so that every scrape sees the same samples and the count can be compared exactly.
  const bodies = { prometheus: await exposition.render('prometheus'), openmetrics: await exposition.render('openmetrics') }
  logger.close()
  const accepts: string[] = []
  const target: Server = createServer((request, response) => {
    accepts.push(String(request.headers.accept))
    const { format, contentType } = negotiateFormat(request.headers.accept)
    response.writeHead(200, { 'content-type': contentType })
    response.end(bodies[format])
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  const targetPort = (target.address() as AddressInfo).port
  const dir = await mkdtemp(join(tmpdir(), 'bm-exposition-'))
  const promPort = await freePort()
  const base = `http://127.0.0.1:${promPort}`
  let prometheus: ChildProcess | null = null
  let log = ''
  try {
    await writeFile(join(dir, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: exposition',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${targetPort}']`,
      ''
    ].join('\n'))
    prometheus = spawn(PROMETHEUS, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn'
    ], { stdio: ['ignore', 'pipe', 'pipe'] })
    prometheus.stdout!.on('data', (d: Buffer) => { log += d.toString() })
    prometheus.stderr!.on('data', (d: Buffer) => { log += d.toString() })

    let health = 'unknown'
    let lastError = ''
    for (let i = 0; i < 120 && health !== 'up'; i++) {
      await sleep(250)
      try {
        const targets = await getJson(`${base}/api/v1/targets`)
        const active = targets.data.activeTargets[0]
        if (active === undefined) continue
        health = active.health
        lastError = active.lastError
        if (health === 'down') break
      } catch {
        // Not listening yet.
      }
    }
    assert.equal(health, 'up', `target not up: ${lastError}\n${log}`)
    assert.equal(negotiateFormat(accepts[0]).format, 'openmetrics', `Prometheus asked for ${accepts[0]}`)

    const query = async (q: string): Promise<Array<{ metric: Record<string, string>, value: [number, string] }>> => {
      const answer = await getJson(`${base}/api/v1/query?query=${encodeURIComponent(q)}`)
      assert.equal(answer.status, 'success', JSON.stringify(answer))
      return answer.data.result
    }
    // Every sample of the body was ingested: none was rejected as malformed or duplicate.
    const scraped = await query('scrape_samples_scraped{job="exposition"}')
    assert.equal(Number(scraped[0].value[1]), sampleLines(bodies.openmetrics).length)
    const events = await query('breakout_trade_events_total')
    assert.deepEqual([...new Set(events.map((r) => r.metric.event))].sort(), ['closed', 'opened', 'reduced'])
    assert.equal(events.reduce((n, r) => n + Number(r.value[1]), 0), 40 + 14 + 40)
    const cycles = await query('sum(breakout_engine_cycle_seconds_count)')
    assert.equal(cycles[0].value[1], '200')
    const inf = await query('breakout_engine_cycle_seconds_bucket{le="+Inf",state="idle"}')
    assert.equal(inf[0].value[1], '66')
    const spread = await query('spread_bps{symbol="BTCUSDT"}')
    assert.equal(spread[0].metric.venue, 'quote "main" \\ desk')
    assert.equal((await query('process_cpu_seconds_total')).length, 1)
    assert.equal((await query('breakout_points_dropped_total'))[0].value[1], '1')
    const folded = await query('breakout_series_folded_points_total{metric="book_depth"}')
    assert.equal(folded[0].value[1], '60')
  } finally {
    if (prometheus !== null && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve))
      prometheus.kill('SIGTERM')
      await exited
    }
    await new Promise((resolve) => target.close(resolve))
    await rm(dir, { recursive: true, force: true })
  }
})
