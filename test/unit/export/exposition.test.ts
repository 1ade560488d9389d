import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import type { SystemSample } from '../../../src/collect/system-sample.ts'
import { SystemSampler } from '../../../src/collect/system-sampler.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { catalogDefinition } from '../../../src/core/metric-catalog.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { Exposition } from '../../../src/export/exposition.ts'
import type { ExtraFamily } from '../../../src/export/extra-family.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

const SAMPLE: SystemSample = {
  cpu_percent: 12.5,
  memory_percent: 0.75,
  memory_used_mb: 64,
  disk_usage_percent: null,
  active_threads: 11,
  open_files: null,
  network_connections: 4,
  event_loop_lag_p99_ms: 10.5,
  heap_used_mb: 18.5,
  timestamp: 1_735_689_600_000
}

/** Family name -> TYPE, failing on a family typed twice. */
function types (text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    assert.ok(!out.has(m[1]), `family ${m[1]} is typed twice`)
    out.set(m[1], m[2])
  }
  return out
}

test('the latest system sample becomes gauges in base units; null fields are left out', async () => {
  const store = new SeriesStore()
  const exposition = new Exposition({ store, getPerformanceSummary: () => SAMPLE }, { defaultMetrics: false })
  const text = await exposition.render()
  const lines = text.split('\n').filter((l) => l.startsWith('breakout_system_'))
  assert.deepEqual(lines, [
    'breakout_system_cpu_percent 12.5',
    'breakout_system_memory_percent 0.75',
    'breakout_system_memory_used_bytes 67108864', // 64 MiB
    'breakout_system_threads 11',
    'breakout_system_network_connections 4',
    'breakout_system_event_loop_lag_p99_seconds 0.0105',
    'breakout_system_heap_used_bytes 19398656' // 18.5 MiB
  ])
  assert.match(await exposition.render('openmetrics'), /^# UNIT breakout_system_heap_used_bytes bytes$/m)
  const none = new Exposition({ store, getPerformanceSummary: () => null }, { defaultMetrics: false })
  assert.doesNotMatch(await none.render(), /breakout_system_/)
})

test('a MetricsLogger is a source as it is: dropped points and its sample are exposed', async () => {
  const logger = new MetricsLogger({ sampler: false, onError: () => {} })
  try {
    logger.logMetric('x', NaN)
    logger.logMetric('x', 2)
    const text = await new Exposition(logger, { defaultMetrics: false }).render()
    assert.match(text, /^breakout_points_dropped_total 1$/m)
    assert.match(text, /^x 2$/m)
    assert.match(text, /^breakout_store_series 1$/m)
  } finally {
    logger.close()
  }
})

test('providers add families at each render until removed', async () => {
  const store = new SeriesStore()
  const exposition = new Exposition({ store }, { defaultMetrics: false })
  let winRate = 0.5
  const remove = exposition.addProvider(() => [
    { name: 'breakout_trading_win_rate', help: 'Win rate, 0..1.', type: 'gauge', samples: [{ labels: { window: '1h' }, value: winRate }, { labels: { window: 'all' }, value: 0.25 }] },
    { name: 'breakout_trading_closed_trades', help: 'Closed trades.', type: 'counter', samples: [{ value: 9 }] }
  ])
  assert.match(await exposition.render(), /^breakout_trading_win_rate\{window="1h"\} 0\.5\nbreakout_trading_win_rate\{window="all"\} 0\.25$/m)
  winRate = 0.75
  const text = await exposition.render()
  assert.match(text, /^breakout_trading_win_rate\{window="1h"\} 0\.75$/m)
  assert.match(text, /^# TYPE breakout_trading_closed_trades_total counter\nbreakout_trading_closed_trades_total 9$/m)
  assert.match(await exposition.render('openmetrics'), /^# TYPE breakout_trading_closed_trades counter\nbreakout_trading_closed_trades_total 9$/m)
  remove()
  assert.doesNotMatch(await exposition.render(), /breakout_trading_/)
})

test('a failing provider, a bad family or a taken name is left out with one warning each', async () => {
  const store = new SeriesStore({}, catalogDefinition)
  store.series('engine_positions').record(3, 1)
  const warnings: string[] = []
  const exposition = new Exposition({ store }, { defaultMetrics: false, onWarning: (m) => warnings.push(m) })
  exposition.addProvider(() => { throw new Error('ledger closed') })
  exposition.addProvider(() => [
    { name: 'bad name', help: 'h', type: 'gauge', samples: [{ value: 1 }] },
    { name: 'bad_label', help: 'h', type: 'gauge', samples: [{ labels: { __name__: 'x' }, value: 1 }] },
    { name: 'bad_type', help: 'h', type: 'summary', samples: [] } as unknown as ExtraFamily,
    { name: 'breakout_engine_positions', help: 'h', type: 'gauge', samples: [{ value: 1 }] },
    { name: 'good', help: 'h', type: 'gauge', samples: [{ labels: { a: 'x\ny' }, value: 1 }, { labels: { a: 'x\ny' }, value: 2 }] }
  ])
  const text = await exposition.render()
  await exposition.render()
  assert.equal(warnings.length, 5, warnings.join('\n'))
  assert.match(warnings[0], /ledger closed/)
  assert.match(warnings.join('\n'), /invalid name "bad name"/)
  assert.match(warnings.join('\n'), /breakout_engine_positions left out: the name is taken/)
  // A newline in a label value is escaped; the duplicate label set keeps its first sample.
  assert.match(text, /^good\{a="x\\ny"\} 1$/m)
  assert.doesNotMatch(text, /^good\{a="x\\ny"\} 2$/m)
  assert.match(text, /^breakout_engine_positions 3$/m)
  assert.equal(text.split('\n').filter((l) => l.startsWith('breakout_engine_positions ')).length, 1)
})

test('process metrics are appended without name clashes, in both formats', async (ctx) => {
  const store = new SeriesStore({}, catalogDefinition)
  store.series('process_cpu_seconds_total').record(1, 1) // a user's gauge under a Node client's name
  store.series('engine_positions', { state: 'idle' }).record(2, 1)
  const warnings: string[] = []
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  ctx.after(() => { sampler.stop() })
  sampler.start()
  const exposition = new Exposition({ store, sampler }, { onWarning: (m) => warnings.push(m) })
  const text = await exposition.render()
  const om = await exposition.render('openmetrics')
  // After an OpenMetrics render, the 0.0.4 text still names counters with _total.
  const again = await exposition.render()
  const t = types(text)
  assert.equal(t.get('process_cpu_seconds_total'), 'counter')
  assert.equal(t.get('nodejs_heap_size_used_bytes'), 'gauge')
  assert.equal(t.get('nodejs_gc_duration_seconds'), 'histogram')
  assert.equal(t.get('breakout_engine_positions'), 'gauge')
  assert.ok(!t.has('nodejs_active_handles_total'), 'promtool flags gauges named _total')
  assert.equal(types(again).get('process_cpu_seconds_total'), 'counter')
  assert.equal(text.split('\n').filter((l) => /^process_cpu_seconds_total /.test(l)).length, 1)
  assert.deepEqual(warnings, ['metric process_cpu_seconds_total is not exposed to Prometheus: the name process_cpu_seconds_total is taken by another family'])
  const o = types(om)
  assert.equal(o.get('process_cpu_seconds'), 'counter')
  assert.ok(!o.has('process_cpu_seconds_total'))
  assert.match(om, /^process_cpu_seconds_total \S+$/m)
  assert.equal(om.match(/^# EOF$/gm)?.length, 1)
  assert.ok(om.endsWith('\n# EOF\n'))
  assert.ok(!om.includes('\n\n'), 'OpenMetrics has no blank lines')
})

test('formats and content types; a bad format throws a typed error', async () => {
  const exposition = new Exposition({ store: new SeriesStore() }, { defaultMetrics: false })
  assert.equal(exposition.contentType('prometheus'), 'text/plain; version=0.0.4; charset=utf-8')
  assert.equal(exposition.contentType('openmetrics'), 'application/openmetrics-text; version=1.0.0; charset=utf-8')
  await assert.rejects(exposition.render('json' as 'prometheus'), InvalidArgumentError)
  const rendered = await exposition.renderFor('application/openmetrics-text; version=1.0.0')
  assert.equal(rendered.format, 'openmetrics')
  assert.equal(rendered.contentType, 'application/openmetrics-text; version=1.0.0; charset=utf-8')
  assert.ok(rendered.body.endsWith('# EOF\n'))
  const plain = await exposition.renderFor(undefined)
  assert.equal(plain.format, 'prometheus')
  assert.ok(!plain.body.includes('# EOF'))
})
