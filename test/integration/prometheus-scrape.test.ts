import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, getJson, start, startService, tempDir, waitFor } from './helpers/processes.ts'

// A real Prometheus (Debian's package) scrapes the running demo service.
test('a real Prometheus scrapes /api/metrics: target up, demo series queryable', { timeout: 120_000 }, async () => {
  const data = tempDir('scrape')
  const service = await startService('demo', ['--no-persist', '--data-dir', data.path])
  const promPort = await freePort()
  const config = join(data.path, 'prometheus.yml')
  writeFileSync(config, [
    'global:',
    '  scrape_interval: 1s',
    'scrape_configs:',
    '  - job_name: breakout-bot-api',
    '    metrics_path: /api/metrics',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${service.port}']`,
    ''
  ].join('\n'))
  const prometheus = start('prometheus', [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(data.path, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${promPort}`
  ])
  const prom = `http://127.0.0.1:${promPort}`
  try {
    const target = await waitFor('the target to be up', async () => {
      const body = await getJson(`${prom}/api/v1/targets`)
      const t = body.data.activeTargets.find((x: { labels: { job: string } }) => x.labels.job === 'breakout-bot-api')
      return t?.health === 'up' ? t : undefined
    }, 60_000, 500)
    assert.equal(target.lastError, '')

    const query = async (q: string): Promise<Array<{ metric: Record<string, string>, value: [number, string] }>> =>
      (await getJson(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`)).data.result
    for (const q of [
      'breakout_engine_cycle_seconds_count',
      'breakout_engine_positions',
      'breakout_scanner_symbols_scanned_total',
      'breakout_scanner_scan_seconds_bucket',
      'breakout_latency_seconds_count{component="order_execution"}',
      'breakout_latency_seconds_count{component="market_data"}',
      'breakout_risk_current',
      'breakout_trading_open_positions',
      'breakout_trading_total_pnl',
      'breakout_system_memory_percent',
      'process_resident_memory_bytes'
    ]) {
      const result = await waitFor(`data for ${q}`, async () => {
        const r = await query(q)
        return r.length > 0 ? r : undefined
      }, 30_000, 500)
      assert.ok(result.length > 0, q)
    }
    const trades = await waitFor('trade events', async () => {
      const r = await query('sum(breakout_trade_events_total{event="opened"})')
      return r.length > 0 && Number(r[0].value[1]) > 0 ? r : undefined
    }, 30_000, 500)
    assert.ok(Number(trades[0].value[1]) >= 1)
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- service ---\n${service.output()}\n--- prometheus ---\n${prometheus.output().slice(-3000)}`)
  } finally {
    await prometheus.stop()
    await service.stop()
    data.remove()
  }
})
