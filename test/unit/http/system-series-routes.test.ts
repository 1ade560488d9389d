import { test } from 'node:test'
import assert from 'node:assert/strict'
import { FakeClock } from '../health/helpers.ts'
import { makeApp } from './helpers.ts'

test('system fields are series: /metric, /forecast, /correlate, /compare, /peaks and /capacity take them', async () => {
  const clock = new FakeClock()
  let i = 0
  const { app, logger } = await makeApp({
    clock,
    sampler: {
      intervalMs: 600_000,
      // Memory grows 0.1 % a sample; CPU follows the scanner's load.
      readers: { rssBytes: () => (10 + 0.1 * i) * 1e6, totalMemoryBytes: () => 100e6, cpuMicros: () => null, diskUsagePercent: () => 40 }
    }
  })
  for (i = 1; i <= 60; i++) {
    clock.advance(60_000)
    logger.sampler!.sampleNow()
    logger.logMetric('scanner_symbols_scanned', 10 + (i % 6))
    logger.logMetric('engine_cycle_time', 0.01 + 0.001 * (i % 6))
  }
  const metric = (await app.inject('/api/metrics/metric/system_memory_percent?last_n=5')).json()
  assert.equal(metric.statistics.count, 5)
  assert.ok(Math.abs(metric.statistics.latest - 16) < 1e-9)
  const forecast = await app.inject('/api/metrics/forecast?metric=system_memory_percent&horizon=1h&threshold=20')
  assert.equal(forecast.statusCode, 200)
  // 0.1 % a minute: 6 % an hour.
  assert.ok(Math.abs(forecast.json().slope_per_hour - 6) < 1e-9)
  const correlate = await app.inject('/api/metrics/correlate?a=system_memory_percent&b=engine_cycle_time&step=1m')
  assert.equal(correlate.statusCode, 200)
  assert.equal(correlate.json().aligned_count, 60)
  const compare = await app.inject('/api/metrics/compare?metric=system_memory_percent&a=60m..30m&b=30m..')
  assert.equal(compare.statusCode, 200)
  assert.equal(compare.json().verdict, 'regressed')
  assert.equal((await app.inject('/api/metrics/peaks?metric=system_disk_usage_percent')).statusCode, 200)
  const capacity = (await app.inject('/api/metrics/capacity?step=1m')).json()
  assert.equal(capacity.resources.memory_percent.aligned_count, 60)
  // /performance keeps its shape; the exposition shows the sample once, as breakout_system_* gauges.
  const perf = (await app.inject('/api/metrics/performance')).json()
  assert.ok(Math.abs(perf.memory_percent - 16) < 1e-9)
  const exposition = (await app.inject('/api/metrics')).body
  assert.match(exposition, /^breakout_system_memory_percent 16/m)
  assert.doesNotMatch(exposition, /^system_memory_percent/m)
  await app.close()
})

test('system series alone are not metrics: no_metrics still fires until the bot records one', async () => {
  const clock = new FakeClock()
  const { app, logger } = await makeApp({ clock, sampler: { intervalMs: 600_000, readers: { cpuMicros: () => null } } })
  clock.advance(1000)
  let body = (await app.inject('/api/metrics/health')).json()
  assert.equal(body.metrics_count, 0)
  assert.ok(body.issues.some((i: { check: string }) => i.check === 'no_metrics'))
  logger.logMetric('engine_cycle_time', 0.01)
  clock.advance(1000)
  body = (await app.inject('/api/metrics/health')).json()
  assert.equal(body.metrics_count, 1)
  assert.ok(!body.issues.some((i: { check: string }) => i.check === 'no_metrics'))
  await app.close()
})
