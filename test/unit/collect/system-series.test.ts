import { test } from 'node:test'
import assert from 'node:assert/strict'
import { botMetricCount, isSystemSeriesName, recordSystemSample, SYSTEM_SERIES_NAMES } from '../../../src/collect/system-series.ts'
import type { SystemSample } from '../../../src/collect/system-sample.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { FakeClock } from '../health/helpers.ts'

const sample = (t: number, cpu: number | null): SystemSample => ({
  cpu_percent: cpu,
  memory_percent: 1.5,
  memory_used_mb: 64,
  disk_usage_percent: 40,
  active_threads: 11,
  open_files: 23,
  network_connections: null,
  event_loop_lag_p99_ms: 10.2,
  heap_used_mb: 18,
  timestamp: t
})

test('every sampler field is a system_<field> series', () => {
  assert.deepEqual([...SYSTEM_SERIES_NAMES], [
    'system_cpu_percent', 'system_memory_percent', 'system_memory_used_mb', 'system_disk_usage_percent',
    'system_active_threads', 'system_open_files', 'system_network_connections', 'system_event_loop_lag_p99_ms',
    'system_heap_used_mb'
  ])
  assert.equal(isSystemSeriesName('system_cpu_percent'), true)
  assert.equal(isSystemSeriesName('cpu_percent'), false)
  assert.equal(isSystemSeriesName('system_other'), false)
})

test('recordSystemSample: one point per field at the sample time; a null field is a gap', () => {
  const store = new SeriesStore()
  recordSystemSample(store, sample(1000, 12.5))
  recordSystemSample(store, sample(6000, null))
  const cpu = store.family('system_cpu_percent')!.series[0].ring
  assert.equal(cpu.size, 1)
  assert.equal(cpu.timeAt(0), 1000)
  assert.equal(cpu.valueAt(0), 12.5)
  assert.equal(store.family('system_memory_percent')!.series[0].ring.size, 2)
  assert.equal(store.has('system_network_connections'), false)
  assert.equal(botMetricCount(store), 0)
  store.series('engine_cycle_time').record(0.01, 7000)
  assert.equal(botMetricCount(store), 1)
})

test('the logger stores each sample as series on its own clock, queryable like any metric', () => {
  const clock = new FakeClock()
  let rss = 10e6
  const logger = new MetricsLogger({
    clock,
    health: false,
    sampler: { intervalMs: 60_000, readers: { rssBytes: () => rss, totalMemoryBytes: () => 100e6, cpuMicros: () => null } }
  })
  try {
    clock.advance(5000)
    rss = 20e6
    logger.sampler!.sampleNow()
    const points = logger.query('system_memory_percent')
    assert.deepEqual([...points.values], [10, 20])
    assert.deepEqual([...points.timesMs], [clock.now() - 5000, clock.now()])
    // Known before any point (no cpu figure here): no data, not an unknown metric.
    assert.equal(logger.query('system_cpu_percent').values.length, 0)
    assert.equal(logger.isKnownMetric('system_cpu_percent'), true)
  } finally {
    logger.close()
  }
})
