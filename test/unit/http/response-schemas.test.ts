import { test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import type { TSchema } from 'typebox'
import { CapacitySchema, CompareByConditionSchema, CompareSchema, ForecastSchema, PeaksSchema } from '../../../src/http/analysis-schemas.ts'
import { CardinalitySchema } from '../../../src/http/routes/cardinality.ts'
import { cardinality } from '../../../src/core/cardinality.ts'
import { FakeClock } from '../health/helpers.ts'
import { makeApp } from './helpers.ts'
import { buildApp } from '../../../src/http/app.ts'
import { Exposition } from '../../../src/export/exposition.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

/**
 * `body` as Fastify sends it through `schema` with its default serializer
 * (fast-json-stringify): a field the schema lacks is dropped, a null in a
 * number field becomes 0, a missing required field throws. Equal to `body`
 * means the schema describes every field of it.
 */
async function throughSchema (schema: TSchema, body: unknown): Promise<unknown> {
  const app = Fastify()
  app.get('/', { schema: { response: { 200: schema } } }, async () => body)
  const res = await app.inject('/')
  await app.close()
  assert.equal(res.statusCode, 200, res.body)
  return res.json()
}

async function assertDescribed (schema: TSchema, body: unknown): Promise<void> {
  assert.deepEqual(await throughSchema(schema, body), body)
}

test('throughSchema catches a field the schema lacks or mistypes', async () => {
  const { Type } = await import('typebox')
  const schema = Type.Object({ a: Type.Number() })
  assert.notDeepEqual(await throughSchema(schema, { a: 1, b: 2 }), { a: 1, b: 2 })
  assert.notDeepEqual(await throughSchema(schema, { a: null }), { a: null })
})

const COMPARE_KEYS = ['metric', 'labels', 'window_a', 'window_b', 'a', 'b', 'mean_change', 'p99_change', 'test', 'alpha', 'direction', 'verdict', 'explanation']

test('GET /compare: the schema describes every field, with and without a test', async () => {
  const { app, logger } = await makeApp()
  for (let i = 0; i < 40; i++) logger.logMetric('cycle', 0.01 + (i % 7) / 1000, { state: 'trading' }, 1000 + i)
  for (let i = 0; i < 40; i++) logger.logMetric('cycle', 0.02 + (i % 5) / 1000, { state: 'trading' }, 5000 + i)
  // Few points and no ties: the exact test, z null.
  for (let i = 0; i < 5; i++) logger.logMetric('few', i * 1.5, undefined, 1000 + i)
  for (let i = 0; i < 6; i++) logger.logMetric('few', 0.2 + i * 1.7, undefined, 5000 + i)
  // Window a all zeros: relative changes null.
  for (let i = 0; i < 20; i++) logger.logMetric('zero_before', i < 10 ? 0 : 1 + (i % 3), undefined, i < 10 ? 1000 + i : 5000 + i)
  const cases = [
    '/api/metrics/compare?metric=cycle&a=0..4999&b=5000..9999&state=trading',
    '/api/metrics/compare?metric=few&a=0..4999&b=5000..9999',
    '/api/metrics/compare?metric=zero_before&a=0..4999&b=5000..9999',
    '/api/metrics/compare?metric=few&a=0..4999&b=9000..9999'
  ]
  const bodies = []
  for (const url of cases) {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json()
    assert.deepEqual(Object.keys(body), COMPARE_KEYS)
    await assertDescribed(CompareSchema, body)
    bodies.push(body)
  }
  assert.deepEqual(bodies[0].labels, { state: 'trading' })
  assert.deepEqual(bodies[0].window_a, { since: 0, until: 4999 })
  assert.deepEqual(Object.keys(bodies[0].mean_change), ['a', 'b', 'difference', 'relative', 'ci_low', 'ci_high', 'confidence', 'method'])
  assert.deepEqual(Object.keys(bodies[0].test), ['u_statistic', 'prob_b_greater', 'n_a', 'n_b', 'p_value', 'z', 'method'])
  assert.equal(bodies[0].test.method, 'asymptotic')
  assert.equal(bodies[1].test.method, 'exact')
  assert.equal(bodies[1].test.z, null)
  assert.equal(bodies[2].mean_change.relative, null)
  assert.equal(bodies[3].verdict, 'insufficient data')
  assert.deepEqual([bodies[3].mean_change, bodies[3].p99_change, bodies[3].test], [null, null, null])
  assert.deepEqual(bodies[3].b, { count: 0, no_data: true, message: 'no data recorded in this selection yet' })
  await app.close()
})

const FORECAST_KEYS = ['metric', 'labels', 'model', 'n', 'history_ms', 'slope_per_hour', 'slope_stderr_per_hour', 'r_squared', 'residual_stddev',
  'confidence', 'projection', 'path', 'threshold']

test('GET /forecast and GET /peaks: the schemas describe every field', async () => {
  const { app, logger } = await makeApp()
  const day = 86_400_000
  const t0 = 1_764_000_000_000 - (1_764_000_000_000 % day)
  for (let i = 0; i < 48; i++) logger.logMetric('memory_used', 100 + 2 * i, undefined, t0 + i * 1_800_000)
  // Four days of a daily wave: the seasonal model.
  for (let i = 0; i < 96; i++) logger.logMetric('wave', 50 + 10 * Math.sin(2 * Math.PI * i / 24) + ((i * 7919) % 13) / 10, { host: 'a' }, t0 + i * 3_600_000)
  logger.logMetric('two', 1, undefined, t0)
  logger.logMetric('two', 2, undefined, t0 + 1000)
  const get = async (url: string): Promise<Record<string, unknown> & { [k: string]: any }> => {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 200, res.body)
    return res.json()
  }
  const crossing = await get('/api/metrics/forecast?metric=memory_used&horizon=10h&threshold=220&steps=5')
  const plain = await get('/api/metrics/forecast?metric=memory_used&horizon=1h&steps=2')
  const daily = await get('/api/metrics/forecast?metric=wave&horizon=1d&steps=3&threshold=1000&host=a')
  const insufficient = await get('/api/metrics/forecast?metric=two&horizon=1h')
  for (const body of [crossing, plain, daily, insufficient]) await assertDescribed(ForecastSchema, body)
  for (const body of [crossing, plain, daily]) assert.deepEqual(Object.keys(body), FORECAST_KEYS)
  assert.deepEqual(Object.keys(crossing.projection), ['timestamp', 'value', 'lower', 'upper'])
  assert.deepEqual(crossing.threshold, { value: 220, side: 'below', crossing_timestamp: t0 + 30 * 3_600_000 })
  assert.equal(plain.threshold, null)
  assert.equal(daily.model, 'linear_daily')
  assert.deepEqual(daily.labels, { host: 'a' })
  assert.equal(daily.threshold.crossing_timestamp, null)
  assert.deepEqual(insufficient, { metric: 'two', labels: {}, insufficient_data: true, n: 2, message: 'a trend needs at least 3 points at 2 or more distinct times' })

  for (const url of ['/api/metrics/peaks?metric=two&by=max', '/api/metrics/peaks?metric=wave&by=mean&top=24&utc_offset_minutes=90&host=a']) {
    const body = await get(url)
    assert.deepEqual(Object.keys(body), ['metric', 'labels', 'by', 'utc_offset_minutes', 'hours', 'busiest'])
    assert.deepEqual(Object.keys(body.hours[0]), ['hour', 'count', 'days', 'count_per_day', 'mean', 'max'])
    await assertDescribed(PeaksSchema, body)
  }
  const sparse = await get('/api/metrics/peaks?metric=two&by=max')
  assert.deepEqual(sparse.hours[1], { hour: 1, count: 0, days: 0, count_per_day: 0, mean: null, max: null })
  assert.deepEqual(sparse.busiest, [{ hour: 0, value: 2 }])
  await app.close()
})

const COST_KEYS = ['aligned_count', 'marginal_cost_per_pair', 'stderr', 'ci_low', 'ci_high', 'confidence', 'intercept', 'r_squared',
  'current_pairs', 'current_fitted', 'threshold', 'pairs_at_threshold', 'note']

test('GET /capacity: the schema describes every field, costs and insufficient data', async () => {
  const t0 = 1_764_000_000_000
  const clock = new FakeClock(t0)
  let pairs = 10
  // Memory grows with the pairs; no CPU reading, so cpu_percent has no points.
  const { app, logger } = await makeApp({
    clock,
    sampler: { intervalMs: 3_600_000, clock, readers: { cpuMicros: () => null, rssBytes: () => 1e6 * (20 + 0.5 * pairs), totalMemoryBytes: () => 100e6 } }
  })
  for (let i = 0; i < 60; i++) {
    pairs = 10 + Math.floor(i / 10) * 5
    clock.t = t0 + i * 60_000 + 500
    logger.sampler!.sampleNow()
    logger.logMetric('scanner_symbols_scanned', pairs, undefined, t0 + i * 60_000 + 1000)
    logger.logMetric('engine_cycle_time', 0.002 + 0.0005 * pairs + ((i * 7919) % 11) / 100_000, undefined, t0 + i * 60_000 + 2000)
    logger.logMetric('flat_pairs', 10 + (i % 2), undefined, t0 + i * 60_000 + 1000)
  }
  const get = async (url: string): Promise<{ [k: string]: any }> => {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 200, res.body)
    return res.json()
  }
  const costs = await get('/api/metrics/capacity?step=1m&memory_threshold=90&cycle_time_threshold=0.1')
  const plain = await get('/api/metrics/capacity?step=1m')
  const flat = await get('/api/metrics/capacity?step=1m&pairs_metric=flat_pairs&memory_threshold=50')
  for (const body of [costs, plain, flat]) {
    assert.deepEqual(Object.keys(body), ['pairs_metric', 'step_ms', 'resources'])
    assert.deepEqual(Object.keys(body.resources), ['cpu_percent', 'memory_percent', 'engine_cycle_time'])
    await assertDescribed(CapacitySchema, body)
  }
  assert.deepEqual(costs.resources.cpu_percent, { aligned_count: 0, insufficient_data: true, message: 'needs at least 3 aligned buckets with at least 2 different pair counts' })
  const memory = costs.resources.memory_percent
  assert.deepEqual(Object.keys(memory), COST_KEYS)
  assert.deepEqual(Object.keys(memory.current_fitted), ['value', 'lower', 'upper'])
  // 20 % + 0.5 % a pair reaches 90 % at 140 pairs.
  assert.ok(Math.abs(memory.pairs_at_threshold - 140) < 1e-9, String(memory.pairs_at_threshold))
  assert.deepEqual([memory.threshold, memory.note], [90, null])
  assert.deepEqual([plain.resources.engine_cycle_time.threshold, plain.resources.engine_cycle_time.pairs_at_threshold], [null, null])
  // Memory does not follow the alternating pair count: no cost to extrapolate.
  assert.equal(flat.resources.memory_percent.pairs_at_threshold, null)
  assert.match(flat.resources.memory_percent.note, /not significantly different from 0/)
  await app.close()
})

test('GET /cardinality: the schema keeps every field as it was', async () => {
  const { app, logger } = await makeApp({ maxLabelSetsPerMetric: 3 })
  const empty = (await app.inject('/api/metrics/cardinality')).json()
  assert.deepEqual(empty, {
    series_total: 0,
    metrics_total: 0,
    folded_points_total: 0,
    limits: { max_series: logger.store.options.maxSeries, max_label_sets_per_metric: 3 },
    metrics: [],
    top_labels: [],
    distinct_counters: []
  })
  for (let i = 0; i < 5; i++) logger.logMetric('fills', 1, { symbol: 'S' + i, side: i % 2 === 0 ? 'buy' : 'sell' })
  logger.store.setSampling('sampled', { mode: 'every_nth', interval: 2 })
  for (let i = 0; i < 10; i++) logger.logMetric('sampled', i, { venue: 'x' })
  logger.store.distinct.get('order_ids').add('o-1')
  const res = await app.inject('/api/metrics/cardinality?top=5')
  assert.equal(res.statusCode, 200)
  const body = res.json()
  assert.deepEqual(body.metrics, [
    { name: 'fills', series: 4, folded_points: 2, overflow: true, labels: [{ label: 'symbol', distinct_values: 3 }, { label: 'side', distinct_values: 2 }], sampling: null },
    { name: 'sampled', series: 1, folded_points: 0, overflow: false, labels: [{ label: 'venue', distinct_values: 1 }], sampling: 'every_nth' }
  ])
  assert.deepEqual(body.top_labels[0], { metric: 'fills', label: 'symbol', distinct_values: 3 })
  assert.deepEqual(Object.keys(body.distinct_counters[0]), ['name', 'estimate', 'relative_error'])
  assert.equal(body.distinct_counters[0].name, 'order_ids')
  // The answer is the report as it is, field for field.
  assert.deepEqual(body, JSON.parse(JSON.stringify(cardinality(logger.store, { top: 5 }))))
  await assertDescribed(CardinalitySchema, body)
  await app.close()
})

test('GET /api/metrics: the body is the rendered exposition, untouched, in both formats', async () => {
  // Without Node's process metrics the exposition is the same on every render.
  const logger = new MetricsLogger({ sampler: false, clock: 'system' })
  const exposition = new Exposition(logger, { defaultMetrics: false })
  const app = await buildApp({ logLevel: 'silent', logger, exposition })
  logger.logEngineCycle(0.02, 'scanning', 1, 0, 0)
  logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100)
  logger.logMetric('custom_gauge', 3.5, { venue: 'x' })
  for (const accept of [undefined, 'application/openmetrics-text; version=1.0.0', 'text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5']) {
    const expected = await exposition.renderFor(accept)
    for (const url of ['/api/metrics', '/api/metrics/']) {
      const res = await app.inject({ url, headers: accept === undefined ? {} : { accept } })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-type'], expected.contentType)
      assert.equal(res.body, expected.body)
    }
  }
  assert.match((await exposition.renderFor(undefined)).body, /breakout_engine_cycle_seconds_count\{state="scanning"\} 1/)
  await app.close()
  logger.close()
})

test('GET /compare?by=: the schema describes every field, with and without aligned buckets', async () => {
  const { app, logger } = await makeApp()
  for (let k = 0; k < 12; k++) {
    logger.logMetric('volatility', k % 4, undefined, k * 60_000 + 1000)
    logger.logMetric('cycle', 0.01 + (k % 4) / 100 + k / 1e4, { state: 'trading' }, k * 60_000 + 2000)
  }
  for (const url of [
    '/api/metrics/compare?metric=cycle&by=volatility&above=p75&state=trading',
    '/api/metrics/compare?metric=cycle&by=volatility&below=2&since=0&until=600000',
    '/api/metrics/compare?metric=cycle&by=volatility&above=p90&since=99999999'
  ]) {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 200, res.body)
    await assertDescribed(CompareByConditionSchema, res.json())
  }
  await app.close()
})
