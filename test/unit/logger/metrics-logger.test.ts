import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { healthConfigFrom } from '../../../src/health/health-config.ts'
import type { MetricsError } from '../../../src/core/errors.ts'
import { InvalidValueError, InvalidMetricNameError, InvalidLabelError, UnknownMetricError } from '../../../src/core/errors.ts'
import { hasData } from '../../../src/core/statistics.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'

let fakeNow = 1_000_000
const fakeClock = { now: () => fakeNow }

function make (options: ConstructorParameters<typeof MetricsLogger>[0] = {}): MetricsLogger {
  return new MetricsLogger({ sampler: false, clock: fakeClock, ...options })
}

test('logMetric stores points readable through getMetricsSummary', () => {
  const logger = make()
  for (let i = 1; i <= 10; i++) { fakeNow += 1000; logger.logMetric('custom', i, { k: 'v' }) }
  const s = logger.getMetricsSummary('custom', 4)
  assert.ok(hasData(s))
  assert.equal(s.count, 4)
  assert.equal(s.mean, 8.5)
  assert.equal(s.latest, 10)
  assert.equal(s.latest_timestamp, fakeNow)
})

test('NaN, Infinity, non-numbers and bad names are dropped, counted and reported once per metric', () => {
  const errors: MetricsError[] = []
  const logger = make({ onError: (e) => errors.push(e) })
  logger.logMetric('x', NaN)
  logger.logMetric('x', Infinity)
  logger.logMetric('x', -Infinity)
  logger.logMetric('x', '5' as unknown as number)
  logger.logMetric('bad name', 1)
  logger.logMetric('y', 1, { 'bad-label': 'v' })
  logger.logMetric('x', 1, undefined, NaN)
  assert.equal(logger.droppedPoints, 7)
  assert.equal(logger.store.has('x'), false)
  assert.equal(logger.store.has('bad name'), false)
  assert.deepEqual(errors.map((e) => e.code), ['BM_ERR_INVALID_VALUE', 'BM_ERR_INVALID_NAME', 'BM_ERR_INVALID_LABEL'])
  assert.ok(errors[0] instanceof InvalidValueError)
  assert.match(errors[0].message, /metric x: value NaN is not a finite number/)
})

test('strict mode throws the typed error instead', () => {
  const logger = make({ strict: true })
  assert.throws(() => logger.logMetric('x', NaN), InvalidValueError)
  assert.throws(() => logger.logMetric('1x', 1), InvalidMetricNameError)
  assert.throws(() => logger.logLatency('bad component', 1), InvalidLabelError)
  assert.throws(() => logger.series('x').record(Infinity), InvalidValueError)
})

test('a throwing error hook never reaches the caller', () => {
  const logger = make({ onError: () => { throw new Error('hook broke') } })
  assert.doesNotThrow(() => logger.logMetric('x', NaN))
  assert.equal(logger.droppedPoints, 1)
})

test('bound handles record without lookup, throw at creation on bad input, drop bad values', () => {
  const logger = make()
  const h = logger.series('engine_cycle_time', { state: 'scanning' })
  h.record(0.01)
  h.record(0.02, 5)
  h.record(NaN)
  h.record(1, Infinity)
  assert.equal(logger.droppedPoints, 2)
  const points = logger.query('engine_cycle_time')
  assert.deepEqual([...points.values], [0.02, 0.01])
  assert.deepEqual([...points.timesMs], [5, fakeNow])
  assert.throws(() => logger.series('bad name'), InvalidMetricNameError)
  assert.throws(() => logger.series('ok', { 'bad-label': '1' }), InvalidLabelError)
})

test('engine, scanner, risk and latency use the original metric names', () => {
  const logger = make()
  logger.logEngineCycle(0.05, 'trading', 2, 3, 1)
  logger.logScannerMetrics(20, 4, 0.3, { volume: 12, breakout: 4 })
  logger.logRiskMetrics(0.2, 0.5, 0.1, -12.5)
  logger.logLatency('order_execution', 0.004)
  logger.logLatency('market_data', 0.001)
  const names = Object.keys(logger.getAllMetrics()).sort()
  assert.deepEqual(names, [
    'engine_cycle_time', 'engine_orders', 'engine_positions', 'engine_signals',
    'latency_market_data', 'latency_order_execution',
    'risk_current', 'risk_daily_pnl', 'risk_max', 'risk_position',
    'scanner_candidates_found', 'scanner_filter_breakout', 'scanner_filter_volume',
    'scanner_scan_time', 'scanner_symbols_scanned'
  ])
  assert.deepEqual(logger.getAllMetrics().engine_positions[0].labels, { state: 'trading' })
  assert.equal(logger.store.family('engine_cycle_time')!.definition.kind, 'histogram')
  assert.equal(logger.store.family('scanner_symbols_scanned')!.definition.kind, 'total')
})

test('trade events record trade_<event> with symbol and side, and reach listeners', () => {
  const logger = make()
  const seen: TradeEvent[] = []
  const off = logger.onTrade((e) => seen.push(e))
  logger.logTradeEvent('opened', 'BTCUSDT', 'long', 0.5, 60000)
  logger.logTradeEvent('closed', 'BTCUSDT', 'long', 0.5, 61000, 500, { exit_reason: 'tp', account_id: 'acct-7' })
  logger.logTradeEvent('closed', 'BTCUSDT', 'long', NaN, 61000, 500)
  off()
  logger.logTradeEvent('opened', 'ETHUSDT', 'short', 1, 3000)
  assert.equal(seen.length, 2)
  assert.equal(seen[1].pnl, 500)
  // Listeners see what the ledger keeps: the default keys only.
  assert.deepEqual(seen[1].metadata, { exit_reason: 'tp' })
  assert.equal(logger.droppedPoints, 1)
  const closed = logger.getAllMetrics().trade_closed
  assert.deepEqual(closed[0].labels, { side: 'long', symbol: 'BTCUSDT' })
  assert.equal(closed[0].points[0].value, 500)
})

test('startTimer records elapsed seconds once', async () => {
  const logger = make()
  const done = logger.startTimer('order_execution', { venue: 'paper' })
  await new Promise((resolve) => setTimeout(resolve, 20))
  const first = done()
  const second = done()
  assert.equal(first, second)
  assert.ok(first >= 0.015 && first < 5, String(first))
  const s = logger.getMetricsSummary('latency_order_execution')
  assert.ok(hasData(s))
  assert.equal(s.count, 1)
})

test('known names without points say no_data; unknown names throw UnknownMetricError', () => {
  const logger = make()
  const s = logger.getMetricsSummary('engine_cycle_time')
  assert.equal(s.count, 0)
  assert.ok(!hasData(s))
  assert.throws(() => logger.getMetricsSummary('never_recorded'), UnknownMetricError)
})

test('clearMetrics removes everything and says how much', () => {
  const logger = make()
  logger.logMetric('a', 1)
  logger.logMetric('a', 2)
  logger.logMetric('b', 1, { x: '1' })
  logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100)
  logger.logTradeEvent('reduced', 'BTCUSDT', 'long', 0.5, 110)
  // a, b, trade_opened, trade_reduced, the reduce's trade_pnl point, and an
  // unrealized_pnl point per trade event (no starting balance: no equity series).
  assert.deepEqual(logger.clearMetrics(), { metrics: 6, series: 6, points: 8, samples: 0, trades: 1, positions: 1 })
  assert.deepEqual(logger.getAllMetrics(), {})
  assert.equal(logger.getTradingStatistics().closed_trades, 0)
})

test('trade events build the ledger; one it rejects is dropped, reported, and recorded nowhere', () => {
  const errors: MetricsError[] = []
  const logger = make({ onError: (e) => errors.push(e), trading: { startingBalance: 1000 } })
  const seen: string[] = []
  logger.onTrade((e) => seen.push(e.event))
  logger.logTradeEvent('opened', 'BTCUSDT', 'buy', 2, 100, null, null, { fees: 0.2, tradeId: 't1', timestampMs: 1000 })
  logger.logTradeEvent('reduced', 'BTCUSDT', 'buy', 1, 110, null, null, { fees: 0.1, tradeId: 't1', timestampMs: 2000 })
  logger.logTradeEvent('closed', 'ETHUSDT', 'long', 1, 50) // no such position, and no pnl
  logger.logTradeEvent('closed', 'BTCUSDT', 'sell', 1, 90, null, null, { tradeId: 't1', timestampMs: 3000 }) // wrong side
  logger.logTradeEvent('closed', 'BTCUSDT', 'buy', 1, 90, null, null, { tradeId: 't1', timestampMs: 3000 })
  assert.deepEqual(seen, ['opened', 'reduced', 'closed'])
  assert.deepEqual(errors.map((e) => e.code), ['BM_ERR_TRADE_REJECTED'])
  assert.equal(logger.droppedPoints, 2)
  assert.equal(logger.query('trade_closed').values.length, 1)
  // Exits carry the ledger's P&L, computed here: on trade_reduced, trade_closed and trade_pnl alike.
  assert.ok(Math.abs(logger.query('trade_reduced').values[0] - 9.8) < 1e-9)
  assert.ok(Math.abs(logger.query('trade_closed').values[0] + 10.1) < 1e-9)
  assert.deepEqual([...logger.query('trade_pnl').values], [...logger.query('trade_reduced').values, ...logger.query('trade_closed').values])
  assert.deepEqual(logger.store.family('trade_pnl')?.series.map((x) => x.labels), [{ side: 'long', symbol: 'BTCUSDT' }])
  const s = logger.getTradingStatistics()
  assert.equal(s.closed_trades, 2)
  // 10 - 0.1 entry share - 0.1 exit fee; -10 - 0.1 entry share.
  assert.ok(Math.abs(s.total_pnl - (9.8 - 10.1)) < 1e-9)
  assert.equal(logger.getTrades({ limit: 1 }).trades[0].final, true)
  assert.equal(logger.getTradingBreakdown('day', { count: 1, untilMs: 3000 }).periods[0].trade_count, 2)
  assert.throws(() => make({ strict: true }).logTradeEvent('closed', 'X', 'long', 1, 1), { code: 'BM_ERR_TRADE_REJECTED' })
})

test('the default cached clock gives close-to-real, non-decreasing times', () => {
  const logger = new MetricsLogger({ sampler: false })
  const before = Date.now()
  for (let i = 0; i < 100; i++) logger.logMetric('t', i)
  const after = Date.now()
  const times = [...logger.query('t').timesMs]
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1])
  assert.ok(times[0] >= before - 50 && times[times.length - 1] <= after, `${times[0]} ${before}`)
  logger.close()
})

test('the sampler runs by default and close() stops it', () => {
  const logger = new MetricsLogger({ sampler: { intervalMs: 60_000 } })
  const sample = logger.getPerformanceSummary()
  assert.ok(sample !== null)
  assert.ok((sample.memory_used_mb ?? 0) > 0)
  logger.close()
  assert.equal(logger.sampler!.running, false)
})

test('onAlert and onRemediate reach the logger\'s health engine', async () => {
  const logger = new MetricsLogger({
    sampler: false,
    clock: 'system',
    health: healthConfigFrom({ builtin_rules: false, rules: [{ id: 'loss', metric: 'risk_daily_pnl', critical: -100, direction: 'below', actions: ['pause_entries'] }] })
  })
  const seen: string[] = []
  const paused: string[] = []
  logger.onAlert((e) => seen.push(`${e.check}:${e.change}:${e.severity}`))
  logger.onRemediate('pause_entries', ({ check }) => { paused.push(check) })
  logger.logRiskMetrics(0.1, 0.5, 0.05, -150)
  logger.health!.evaluate()
  for (let i = 0; i < 50 && paused.length === 0; i++) await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(seen, ['loss:firing:critical'])
  assert.deepEqual(paused, ['loss'])
  assert.equal(logger.health!.running, true)
  logger.close()
  assert.equal(logger.health!.running, false)
})
