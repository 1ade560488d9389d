import { test } from 'node:test'
import assert from 'node:assert/strict'
import { makeApp } from './helpers.ts'
import { FakeClock } from '../health/helpers.ts'
import { parseApiKeys } from '../../../src/http/security/api-keys.ts'

test('GET /summary with no data says no_data for every figure', async () => {
  const { app } = await makeApp()
  const res = await app.inject('/api/metrics/summary')
  assert.equal(res.statusCode, 200)
  const body = res.json()
  assert.equal(body.performance, null)
  assert.deepEqual(body.engine.cycle_time, { count: 0, no_data: true, message: 'no data recorded in this selection yet' })
  assert.deepEqual(body.trading.events, {})
  assert.equal(body.latency.order_execution.no_data, true)
  assert.ok(Math.abs(body.timestamp - Date.now()) < 5000)
  await app.close()
})

test('GET /summary reports engine, trading, scanner and latency figures', async () => {
  const { app, logger } = await makeApp()
  logger.logEngineCycle(0.01, 'scanning', 1, 2, 3)
  logger.logEngineCycle(0.03, 'trading', 2, 0, 1)
  logger.logScannerMetrics(20, 3, 0.5, { volume: 5 })
  logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100)
  logger.logTradeEvent('opened', 'ETHUSDT', 'short', 1, 46)
  logger.logTradeEvent('closed', 'BTCUSDT', 'long', 1, 110, 10)
  logger.logTradeEvent('closed', 'ETHUSDT', 'short', 1, 50, -4)
  logger.logLatency('order_execution', 0.004)
  const body = (await app.inject('/api/metrics/summary')).json()
  assert.equal(body.engine.cycle_time.count, 2)
  assert.equal(body.engine.cycle_time.mean, 0.02)
  assert.equal(body.engine.cycle_time.max, 0.03)
  assert.deepEqual(body.trading.events, { opened: 2, closed: 2 })
  assert.equal(body.trading.pnl.count, 2)
  assert.equal(body.trading.pnl.mean, 3)
  assert.equal(body.scanner.symbols_scanned.latest, 20)
  assert.equal(body.latency.order_execution.p99, 0.004)
  assert.equal(body.latency.market_data.no_data, true)
  await app.close()
})

test('GET /metric/{name}: statistics, points, window, label filter', async () => {
  const { app, logger } = await makeApp()
  for (let i = 1; i <= 10; i++) logger.logMetric('spread', i, { symbol: i % 2 === 0 ? 'BTC' : 'ETH' }, 1000 * i)
  let res = await app.inject('/api/metrics/metric/spread?last_n=3')
  assert.equal(res.statusCode, 200)
  let body = res.json()
  assert.deepEqual(body.points.map((p: { value: number }) => p.value), [8, 9, 10])
  assert.equal(body.statistics.mean, 9)
  assert.equal(body.series, 2)
  res = await app.inject('/api/metrics/metric/spread?symbol=BTC&since=3000&until=8000')
  body = res.json()
  assert.deepEqual(body.points.map((p: { value: number }) => p.value), [4, 6, 8])
  assert.deepEqual(body.labels, { symbol: 'BTC' })
  assert.equal(body.series, 1)
  res = await app.inject('/api/metrics/metric/spread?since=2026-01-01T00:00:00Z')
  assert.equal(res.json().points.length, 0)
  assert.equal(res.json().statistics.no_data, true)
  await app.close()
})

test('GET /metric/{name}: a filter on a label no series has is a 400 naming it; an unseen value is no data', async () => {
  const { app, logger } = await makeApp()
  logger.logMetric('spread', 1, { symbol: 'BTC', venue: 'x' })
  const typo = await app.inject('/api/metrics/metric/spread?symbl=BTC')
  assert.equal(typo.statusCode, 400)
  assert.equal(typo.json().error, 'BM_ERR_INVALID_ARGUMENT')
  assert.match(typo.json().message, /^symbl: no series of spread has this label.*its labels: symbol, venue$/)
  const unseen = await app.inject('/api/metrics/metric/spread?symbol=ETH')
  assert.equal(unseen.statusCode, 200)
  assert.equal(unseen.json().statistics.no_data, true)
  await app.close()
})

test('GET /metric/{name}: last_n out of range or not a number is a 400 naming the parameter and range', async () => {
  const { app, logger } = await makeApp()
  logger.logMetric('x', 1)
  for (const bad of ['0', '1001', 'abc', '1.5', '-3']) {
    const res = await app.inject(`/api/metrics/metric/x?last_n=${bad}`)
    assert.equal(res.statusCode, 400, bad)
    const body = res.json()
    assert.equal(body.error, 'BM_ERR_VALIDATION')
    assert.match(body.message, /last_n must be an integer from 1 to 1000/, body.message)
  }
  const since = await app.inject('/api/metrics/metric/x?since=yesterday')
  assert.equal(since.statusCode, 400)
  assert.match(since.json().message, /since: expected epoch milliseconds/)
  const repeated = await app.inject('/api/metrics/metric/x?symbol=a&symbol=b')
  assert.equal(repeated.statusCode, 400)
  await app.close()
})

test('GET /metric/{name}: unknown metric is a 404 that names it; known but empty is no_data', async () => {
  const { app } = await makeApp()
  const res = await app.inject('/api/metrics/metric/nope_metric')
  assert.equal(res.statusCode, 404)
  assert.deepEqual(res.json(), { error: 'BM_ERR_UNKNOWN_METRIC', message: 'unknown metric "nope_metric": nothing has been recorded under this name' })
  const known = await app.inject('/api/metrics/metric/engine_cycle_time')
  assert.equal(known.statusCode, 200)
  assert.equal(known.json().statistics.no_data, true)
  await app.close()
})

test('GET /all lists every series with labels and last points', async () => {
  const { app, logger } = await makeApp()
  for (let i = 0; i < 5; i++) logger.logMetric('a', i, { k: 'v' })
  logger.logMetric('b', 7)
  const body = (await app.inject('/api/metrics/all?last_n=2')).json()
  assert.equal(body.metrics_count, 2)
  assert.equal(body.series_count, 2)
  assert.deepEqual(body.metrics.a[0].labels, { k: 'v' })
  assert.deepEqual(body.metrics.a[0].points.map((p: { value: number }) => p.value), [3, 4])
  assert.equal(body.metrics.b[0].points[0].value, 7)
  await app.close()
})

test('GET /performance and /system serve the sampler', async () => {
  const { app, logger } = await makeApp({ sampler: { intervalMs: 60_000 } })
  logger.sampler!.sampleNow()
  const perf = (await app.inject('/api/metrics/performance')).json()
  for (const f of ['cpu_percent', 'memory_percent', 'memory_used_mb', 'disk_usage_percent', 'active_threads', 'open_files', 'network_connections', 'timestamp']) {
    assert.ok(f in perf, f)
  }
  const sys = (await app.inject('/api/metrics/system?last_n=1')).json()
  assert.equal(sys.count, 1)
  assert.equal(sys.samples[0].timestamp, perf.timestamp)
  await app.close()
})

test('GET /performance without a sampler is a 503 that says why', async () => {
  const { app } = await makeApp()
  const res = await app.inject('/api/metrics/performance')
  assert.equal(res.statusCode, 503)
  assert.equal(res.json().error, 'BM_ERR_NO_SAMPLE')
  await app.close()
})

test('POST /clear clears everything and says how much', async () => {
  const { app, logger } = await makeApp({}, { security: { keys: parseApiKeys('admin:clear-test-admin-key-0001', 'test') } })
  logger.logMetric('a', 1)
  logger.logMetric('a', 2, { x: 'y' })
  const res = await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: { authorization: 'Bearer clear-test-admin-key-0001' } })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json().cleared, { metrics: 1, series: 2, points: 2, samples: 0, trades: 0, positions: 0, trade_events: 0 })
  assert.equal(logger.store.size, 0)
  await app.close()
})

test('POST /events keeps good items and reports bad ones by index', async () => {
  const { app, logger } = await makeApp()
  const items = [
    { type: 'metric', name: 'queue_depth', value: 3, tags: { venue: 'binance' }, timestamp: 1000 },
    { type: 'metric', name: 'bad name', value: 1 },
    { type: 'trade', event: 'opened', symbol: 'BTCUSDT', side: 'buy', quantity: 1, price: 100 },
    { type: 'trade', event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 110, pnl: 10, fees: 0.1 },
    { type: 'trade', event: 'exploded', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 1 },
    { type: 'engine_cycle', cycle_time: 0.01, state: 'scanning', positions: 1, signals: 0, orders: 0 },
    { type: 'scanner', symbols_scanned: 20, candidates_found: 2, scan_time: 0.2, filters: { volume: 4 } },
    { type: 'risk', current: 0.1, max: 0.5, position: 0.05, daily_pnl: 10 },
    { type: 'latency', component: 'order_execution', seconds: 0.003 },
    { type: 'latency', component: 'order_execution', seconds: -1 },
    { type: 'metric', name: 'x', value: 'NaN' },
    'not an object',
    { type: 'nope' },
    { type: 'engine_cycle', cycle_time: 0.01, state: 'bad\u0000state', positions: 1, signals: 0, orders: 0 }
  ]
  const res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: items })
  assert.equal(res.statusCode, 200)
  const body = res.json()
  assert.equal(body.accepted, 7)
  assert.deepEqual(body.rejected.map((r: { index: number }) => r.index), [1, 4, 9, 10, 11, 12, 13])
  assert.equal(body.rejected[0].error, 'BM_ERR_INVALID_NAME')
  assert.match(body.rejected[1].message, /opened, reduced or closed/)
  assert.equal(logger.getMetricsSummary('queue_depth').count, 1)
  assert.equal(logger.store.has('x'), false)
  assert.deepEqual(logger.getAllMetrics().trade_opened[0].labels, { side: 'long', symbol: 'BTCUSDT' })
  assert.deepEqual(Object.keys(logger.getAllMetrics()).filter((n) => n.startsWith('engine_')).length, 4)
  assert.equal(logger.getMetricsSummary('engine_cycle_time').count, 1)
})

test('POST /events: all items bad is a 422; a non-array or bad JSON is a 400; a huge body is a 413', async () => {
  const { app } = await makeApp()
  let res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: [{ type: 'nope' }] })
  assert.equal(res.statusCode, 422)
  res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: { type: 'metric' } })
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error, 'BM_ERR_VALIDATION')
  res = await app.inject({ method: 'POST', url: '/api/metrics/events', headers: { 'content-type': 'application/json' }, payload: '[{"type":' })
  assert.equal(res.statusCode, 400)
  assert.ok(typeof res.json().message === 'string')
  res = await app.inject({ method: 'POST', url: '/api/metrics/events', headers: { 'content-type': 'application/json' }, payload: '[' + '1,'.repeat(3_000_000) + '1]' })
  assert.equal(res.statusCode, 413)
  res = await app.inject({ method: 'POST', url: '/api/metrics/events', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
  assert.equal(res.statusCode, 415)
  await app.close()
})

test('GET /latency gives per-component statistics in seconds', async () => {
  const { app, logger } = await makeApp()
  for (const s of [0.001, 0.002, 0.003, 0.004]) logger.logLatency('order_execution', s)
  logger.logLatency('market_data', 0.0005)
  const body = (await app.inject('/api/metrics/latency')).json()
  assert.equal(body.unit, 'seconds')
  assert.equal(body.components.order_execution.max, 0.004)
  assert.equal(body.components.order_execution.p50, 0.0025)
  assert.equal(body.components.market_data.count, 1)
  await app.close()
})

test('unknown routes are JSON 404s; /api/docs serves OpenAPI with every route', async () => {
  const { app } = await makeApp()
  const res = await app.inject('/api/nothing/here')
  assert.equal(res.statusCode, 404)
  assert.equal(res.json().error, 'BM_ERR_NOT_FOUND')
  const docs = (await app.inject('/api/docs')).json()
  assert.match(docs.openapi, /^3\./)
  for (const path of ['/api/metrics/summary', '/api/metrics/metric/{name}', '/api/metrics/health', '/api/metrics/events', '/api/metrics/clear', '/api/metrics/all', '/api/metrics/latency', '/api/metrics/performance', '/api/metrics/system']) {
    assert.ok(path in docs.paths, path)
  }
  await app.close()
})

test('GET /api/metrics serves the Prometheus text format, or OpenMetrics when asked', async () => {
  const { app, logger } = await makeApp()
  logger.logEngineCycle(0.02, 'scanning', 1, 0, 0)
  logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100)
  let res = await app.inject('/api/metrics')
  assert.equal(res.statusCode, 200)
  assert.match(res.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/)
  assert.match(res.body, /# TYPE breakout_engine_cycle_seconds histogram/)
  assert.match(res.body, /breakout_engine_cycle_seconds_count\{state="scanning"\} 1/)
  assert.match(res.body, /breakout_trade_events_total\{event="opened",side="long",symbol="BTCUSDT"\} 1/)
  assert.match(res.body, /process_resident_memory_bytes/)
  res = await app.inject({ url: '/api/metrics/', headers: { accept: 'application/openmetrics-text; version=1.0.0' } })
  assert.equal(res.statusCode, 200)
  assert.match(res.headers['content-type'] as string, /^application\/openmetrics-text/)
  assert.ok(res.body.endsWith('# EOF\n'))
  await app.close()
})

test('GET /summary answers from its cache only while the data is unchanged and under a second old', async () => {
  const clock = new FakeClock()
  const { app, logger } = await makeApp({ clock })
  logger.logEngineCycle(0.01, 'scanning', 1, 0, 0)
  const first = (await app.inject('/api/metrics/summary')).json()
  assert.equal(first.engine.cycle_time.count, 1)
  assert.equal(first.timestamp, clock.now(), 'the summary reads the logger\'s clock')
  clock.advance(999)
  const again = (await app.inject('/api/metrics/summary')).json()
  assert.equal(again.timestamp, first.timestamp, 'served from the cache')
  clock.advance(1)
  const expired = (await app.inject('/api/metrics/summary')).json()
  assert.equal(expired.timestamp, first.timestamp + 1000, 'rebuilt once a second old')
  logger.logEngineCycle(0.03, 'scanning', 1, 0, 0)
  const after = (await app.inject('/api/metrics/summary')).json()
  assert.equal(after.engine.cycle_time.count, 2)
  assert.equal(after.timestamp, expired.timestamp, 'new data rebuilds it at once, same clock reading')
  logger.clearMetrics()
  logger.logEngineCycle(0.5, 'scanning', 1, 0, 0)
  logger.logEngineCycle(0.5, 'scanning', 1, 0, 0)
  const cleared = (await app.inject('/api/metrics/summary')).json()
  assert.equal(cleared.engine.cycle_time.mean, 0.5, 'same point count after a clear must not serve the old answer')
  await app.close()
})

test('GET /summary sees a family created after its answer was cached; other metrics do not rebuild it', async () => {
  const clock = new FakeClock()
  const { app, logger } = await makeApp({ clock })
  logger.logEngineCycle(0.01, 'scanning', 1, 0, 0)
  const first = (await app.inject('/api/metrics/summary')).json()
  assert.equal(first.scanner.symbols_scanned.count, 0)
  clock.advance(500)
  logger.logMetric('unrelated_metric', 1)
  const cached = (await app.inject('/api/metrics/summary')).json()
  assert.equal(cached.timestamp, first.timestamp, 'a metric the summary does not read leaves its answer as it was')
  logger.logScannerMetrics(20, 3, 0.25)
  const rebuilt = (await app.inject('/api/metrics/summary')).json()
  assert.equal(rebuilt.timestamp, first.timestamp + 500, 'new scanner families rebuild it at once')
  assert.equal(rebuilt.scanner.symbols_scanned.count, 1)
  assert.equal(rebuilt.scanner.candidates_found.mean, 3)
  await app.close()
})

test('routes read the logger\'s clock, not the wall clock', async () => {
  // A year in the past: windows relative to Date.now() would find nothing.
  const clock = new FakeClock(Date.now() - 365 * 86_400_000)
  const { app, logger } = await makeApp({ clock })
  logger.logEngineCycle(0.01, 'scanning', 1, 0, 0)
  clock.advance(30_000)
  logger.logEngineCycle(0.02, 'scanning', 1, 0, 0)
  const metric = (await app.inject('/api/metrics/metric/engine_cycle_time?since=1m')).json()
  assert.equal(metric.points.length, 2)
  const latency = await app.inject('/api/metrics/latency')
  assert.equal(latency.statusCode, 200)
  const forecast = await app.inject('/api/metrics/forecast?metric=engine_cycle_time&since=1m&horizon=1m')
  assert.equal(forecast.statusCode, 200)
  assert.equal((await app.inject('/api/metrics/all?last_n=1')).json().timestamp, clock.now())
  assert.equal((await app.inject('/api/metrics/alerts')).json().timestamp, clock.now())
  await app.close()
})
