import { test } from 'node:test'
import assert from 'node:assert/strict'
import { makeApp } from './helpers.ts'

const H = 3_600_000

test('GET /metric/{name}?step downsamples the window into exact buckets', async () => {
  const { app, logger } = await makeApp()
  for (let i = 0; i < 1000; i++) logger.logMetric('cycle', i % 10, { state: 'trading' }, 1_000_000 + i * 100)
  const res = await app.inject('/api/metrics/metric/cycle?step=10s&last_n=1000')
  assert.equal(res.statusCode, 200)
  const body = res.json()
  assert.equal(body.step_ms, 10_000)
  assert.equal(body.buckets.length, 10)
  assert.deepEqual(body.buckets[0], { timestamp: 1_000_000, first_timestamp: 1_000_000, count: 100, min: 0, max: 9, mean: 4.5, last: 9 })
  assert.equal(body.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0), 1000)
  assert.equal(body.statistics.count, 1000)
  assert.deepEqual(body.points, [])
  // last_n counts buckets: the newest 3.
  const three = (await app.inject('/api/metrics/metric/cycle?step=10000&last_n=3')).json()
  assert.deepEqual(three.buckets.map((b: { timestamp: number }) => b.timestamp), [1_070_000, 1_080_000, 1_090_000])
  assert.equal(three.statistics.count, 300)
  const bad = await app.inject('/api/metrics/metric/cycle?step=0')
  assert.equal(bad.statusCode, 400)
  assert.equal((await app.inject('/api/metrics/metric/cycle?step=fast')).statusCode, 400)
  await app.close()
})

test('annotations: POST records, GET lists by time, as JSON and in Grafana format', async () => {
  const { app } = await makeApp()
  let res = await app.inject({ method: 'POST', url: '/api/metrics/annotations', payload: { text: 'deploy v1.4.2', tags: ['deploy'], time: 5000 } })
  assert.equal(res.statusCode, 201)
  assert.deepEqual(res.json(), { id: 1, time: 5000, time_end: null, text: 'deploy v1.4.2', tags: ['deploy'] })
  await app.inject({ method: 'POST', url: '/api/metrics/annotations', payload: { text: 'volatility spike', tags: ['market'], time: 3000, time_end: 4000 } })
  res = await app.inject('/api/metrics/annotations')
  assert.deepEqual(res.json().annotations.map((a: { id: number }) => a.id), [2, 1])
  res = await app.inject('/api/metrics/annotations?tags=deploy&format=grafana')
  assert.deepEqual(res.json(), [{ id: 1, time: 5000, title: 'deploy v1.4.2', text: 'deploy v1.4.2', tags: ['deploy'] }])
  res = await app.inject('/api/metrics/annotations?since=3500&until=4500')
  assert.deepEqual(res.json().annotations.map((a: { id: number }) => a.id), [2])
  for (const payload of [{}, { text: '' }, { text: 'x', tags: ['has space'] }, { text: 'x', time: 10, time_end: 5 }, { text: 'x', time: 'soon' }]) {
    const r = await app.inject({ method: 'POST', url: '/api/metrics/annotations', payload })
    assert.equal(r.statusCode, 400, JSON.stringify(payload))
    assert.ok(typeof r.json().message === 'string')
  }
  await app.close()
})

test('GET /compare: explicit windows and around an annotation give a verdict', async () => {
  const { app, logger } = await makeApp()
  const deploy = 10 * H
  // Before: ~10 ms cycles; after: ~14 ms.
  for (let i = 0; i < 600; i++) logger.logMetric('engine_cycle_time', 0.010 + ((i * 7919) % 101) / 50_000, { state: 'trading' }, deploy - H + i * 6000)
  for (let i = 0; i < 600; i++) logger.logMetric('engine_cycle_time', 0.014 + ((i * 104729) % 97) / 50_000, { state: 'trading' }, deploy + i * 6000)
  let res = await app.inject(`/api/metrics/compare?metric=engine_cycle_time&a=${deploy - H}..${deploy - 1}&b=${deploy}..${deploy + H}`)
  assert.equal(res.statusCode, 200)
  let body = res.json()
  assert.equal(body.verdict, 'regressed')
  assert.equal(body.a.count, 600)
  assert.equal(body.b.count, 600)
  assert.ok(body.mean_change.ci_low > 0)
  assert.equal(body.test.method, 'asymptotic')
  const a = (await app.inject({ method: 'POST', url: '/api/metrics/annotations', payload: { text: 'deploy', time: deploy } })).json()
  res = await app.inject(`/api/metrics/compare?metric=engine_cycle_time&around=${a.id}&span=1h&state=trading`)
  body = res.json()
  assert.equal(body.verdict, 'regressed')
  assert.deepEqual(body.labels, { state: 'trading' })
  assert.equal(body.a.count + body.b.count, 1200)
  res = await app.inject(`/api/metrics/compare?metric=engine_cycle_time&around=${a.id}&direction=lower_is_worse`)
  assert.equal(res.json().verdict, 'improved')
  // Bad input: 4xx with a message, never a 5xx.
  for (const url of [
    '/api/metrics/compare?metric=engine_cycle_time',
    '/api/metrics/compare?metric=engine_cycle_time&a=1h&b=2h..1h',
    '/api/metrics/compare?metric=engine_cycle_time&a=2h..3h&b=1h..',
    '/api/metrics/compare?metric=engine_cycle_time&a=2h..1h&b=1h..&alpha=2',
    '/api/metrics/compare?metric=engine_cycle_time&around=99',
    '/api/metrics/compare?metric=nope&a=2h..1h&b=1h..'
  ]) {
    const r = await app.inject(url)
    assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${url}: ${r.statusCode}`)
  }
  await app.close()
})

test('GET /correlate aligns two metrics on a step', async () => {
  const { app, logger } = await makeApp()
  for (let i = 0; i < 300; i++) {
    logger.logMetric('trades', i % 7, undefined, i * 1000)
    logger.logMetric('cpu', 10 + 2 * (i % 7), undefined, i * 1000 + 300)
  }
  const res = await app.inject('/api/metrics/correlate?a=trades&b=cpu&step=1s')
  assert.equal(res.statusCode, 200)
  const body = res.json()
  assert.equal(body.aligned_count, 300)
  assert.ok(Math.abs(body.pearson.coefficient - 1) < 1e-12)
  assert.ok(Math.abs(body.spearman.coefficient - 1) < 1e-12)
  assert.equal((await app.inject('/api/metrics/correlate?a=trades&b=cpu')).statusCode, 400)
  assert.equal((await app.inject('/api/metrics/correlate?a=trades&b=nope&step=1s')).statusCode, 404)
  await app.close()
})

test('GET /forecast projects a trend and finds the threshold crossing; GET /peaks ranks hours', async () => {
  const { app, logger } = await makeApp()
  const t0 = 1_764_000_000_000 - (1_764_000_000_000 % 86_400_000)
  for (let i = 0; i < 48; i++) logger.logMetric('memory_used', 100 + 2 * i, undefined, t0 + i * 1_800_000)
  let res = await app.inject('/api/metrics/forecast?metric=memory_used&horizon=10h&threshold=220&steps=5')
  assert.equal(res.statusCode, 200)
  let body = res.json()
  assert.equal(body.model, 'linear')
  assert.ok(Math.abs(body.slope_per_hour - 4) < 1e-9)
  assert.equal(body.path.length, 5)
  // 100 + 4 h = 220 at h = 30, i.e. 6.5 h after the newest point (23.5 h).
  assert.equal(body.threshold.crossing_timestamp, t0 + 30 * H)
  res = await app.inject('/api/metrics/forecast?metric=memory_used&horizon=10h&seasonality=daily')
  assert.equal(res.statusCode, 400)
  assert.equal((await app.inject('/api/metrics/forecast?metric=memory_used&horizon=-1h')).statusCode, 400)
  res = await app.inject('/api/metrics/peaks?metric=memory_used&by=mean&top=2')
  body = res.json()
  assert.deepEqual(body.busiest.map((b: { hour: number }) => b.hour), [23, 22])
  assert.equal(body.hours.length, 24)
  await app.close()
})

test('GET /capacity regresses cycle time on pairs scanned', async () => {
  const { app, logger } = await makeApp()
  for (let i = 0; i < 120; i++) {
    const pairs = 10 + Math.floor(i / 10) * 5
    logger.logMetric('scanner_symbols_scanned', pairs, undefined, i * 60_000 + 1000)
    logger.logMetric('engine_cycle_time', 0.002 + 0.0005 * pairs + ((i * 7919) % 11) / 100_000, undefined, i * 60_000 + 2000)
  }
  const res = await app.inject('/api/metrics/capacity?step=1m&cycle_time_threshold=0.1')
  assert.equal(res.statusCode, 200)
  const body = res.json()
  const c = body.resources.engine_cycle_time
  assert.equal(c.aligned_count, 120)
  assert.ok(Math.abs(c.marginal_cost_per_pair - 0.0005) < 1e-5)
  assert.ok(c.pairs_at_threshold > 190 && c.pairs_at_threshold < 200)
  // No sampler in this app: CPU and memory say there is not enough data.
  assert.equal(body.resources.cpu_percent.insufficient_data, true)
  assert.equal((await app.inject('/api/metrics/capacity?step=0')).statusCode, 400)
  await app.close()
})

test('GET /cardinality lists series by metric, top labels and folds', async () => {
  const { app, logger } = await makeApp({ maxLabelSetsPerMetric: 3 })
  for (let i = 0; i < 5; i++) logger.logMetric('fills', 1, { symbol: 'S' + i })
  logger.store.distinct.get('order_ids').add('o-1')
  const res = await app.inject('/api/metrics/cardinality?top=5')
  assert.equal(res.statusCode, 200)
  const body = res.json()
  assert.deepEqual(body.metrics[0], { name: 'fills', series: 4, folded_points: 2, overflow: true, labels: [{ label: 'symbol', distinct_values: 3 }], sampling: null })
  assert.equal(body.distinct_counters[0].name, 'order_ids')
  assert.equal((await app.inject('/api/metrics/cardinality?top=0')).statusCode, 400)
  await app.close()
})

test('GET /correlate?a_agg=rate: trade frequency against CPU, quiet minutes counted as 0', async () => {
  const { app, logger } = await makeApp()
  // Minute k has k % 4 trades, and CPU 10 + 5 per trade; minute 3, 7, ... are busiest.
  for (let k = 0; k < 40; k++) {
    for (let j = 0; j < k % 4; j++) logger.logTradeEvent('opened', 'S' + k + '_' + j, 'long', 1, 100, null, null, { timestampMs: k * 60_000 + 1000 + j })
    logger.logMetric('system_cpu_percent', 10 + 5 * (k % 4), undefined, k * 60_000 + 30_000)
  }
  const res = await app.inject('/api/metrics/correlate?a=trade_opened&b=system_cpu_percent&step=1m&a_agg=rate')
  assert.equal(res.statusCode, 200, res.body)
  const body = res.json()
  assert.equal(body.a_agg, 'rate')
  // Every minute aligned, the quiet ones (k % 4 = 0) as 0 trades: a perfect line.
  assert.equal(body.aligned_count, 40)
  assert.ok(Math.abs(body.pearson.coefficient - 1) < 1e-12)
  // Bucket means of the trade values (a P&L of 0 each) are constant: no coefficient.
  const means = (await app.inject('/api/metrics/correlate?a=trade_opened&b=system_cpu_percent&step=1m')).json()
  assert.equal(means.aligned_count, 30)
  assert.equal(means.pearson.coefficient, null)
  assert.equal((await app.inject('/api/metrics/correlate?a=trade_opened&b=system_cpu_percent&step=1m&a_agg=sum')).statusCode, 400)
  await app.close()
})
