import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MetricsError } from '../../../src/core/errors.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { MetricsRecorder } from '../../../src/logger/metrics-recorder.ts'

const quiet = { sampler: false, health: false, clock: 'system', onError: () => {} } as const

test('the general logger records and answers without any trading part', () => {
  const recorder = new MetricsRecorder(quiet)
  recorder.logMetric('queue_depth', 3, { venue: 'binance' })
  recorder.logLatency('order_execution', 0.004)
  assert.equal(recorder.getMetricsSummary('queue_depth').count, 1)
  assert.deepEqual(recorder.query('latency_order_execution').values, [0.004])
  assert.deepEqual(recorder.clearMetrics(), { metrics: 2, series: 2, points: 2, samples: 0 })
  assert.equal('logTradeEvent' in recorder, false)
  recorder.close()
})

test('MetricsLogger is the general logger with the trading calls on top', () => {
  const logger = new MetricsLogger(quiet)
  assert.ok(logger instanceof MetricsRecorder)
  for (const method of ['logMetric', 'logLatency', 'startTimer', 'series', 'getMetricsSummary', 'getAllMetrics', 'getPerformanceSummary',
    'logEngineCycle', 'logScannerMetrics', 'logRiskMetrics', 'logTradeEvent', 'logTrade', 'logPrice', 'logBalance', 'logMarketData',
    'getTradingStatistics', 'getTrades', 'onTrade', 'clearMetrics', 'close']) {
    assert.equal(typeof (logger as unknown as Record<string, unknown>)[method], 'function', method)
  }
  logger.close()
})

test('logTrade takes the positional call\'s arguments by name and does the same', () => {
  const positional = new MetricsLogger(quiet)
  const named = new MetricsLogger(quiet)
  positional.logTradeEvent('opened', 'ETHUSDT', 'sell', 2, 3_000, null, { order_id: 'o-1' }, { fees: 1.2, timestampMs: 1_000, strategy: 'breakout_down', stopPrice: 3_060 })
  named.logTrade({ event: 'opened', symbol: 'ETHUSDT', side: 'sell', quantity: 2, price: 3_000, metadata: { order_id: 'o-1' }, fees: 1.2, timestampMs: 1_000, strategy: 'breakout_down', stopPrice: 3_060 })
  positional.logTradeEvent('closed', 'ETHUSDT', 'short', 2, 2_940, null, null, { fees: 1.1, timestampMs: 61_000, exitReason: 'take_profit' })
  named.logTrade({ event: 'closed', symbol: 'ETHUSDT', side: 'short', quantity: 2, price: 2_940, fees: 1.1, timestampMs: 61_000, exitReason: 'take_profit' })
  assert.deepEqual(named.getTrades(), positional.getTrades())
  // Realized P&L of a short: (3000 - 2940) * 2 - 1.2 - 1.1 = 117.7
  assert.ok(Math.abs(named.getTrades().trades[0].pnl - 117.7) < 1e-9)
  assert.deepEqual(named.getAllMetrics().trade_closed, positional.getAllMetrics().trade_closed)
  assert.deepEqual(named.getAllMetrics().trade_opened[0].labels, { side: 'short', symbol: 'ETHUSDT' })
  positional.close()
  named.close()
})

test('a subscriber sees a trade before the ledger changes; when it throws, nothing is recorded', () => {
  const logger = new MetricsLogger({ ...quiet, strict: true })
  const seen: string[] = []
  let refuse = false
  const off = logger.subscribe({
    trade: (event) => {
      if (refuse) throw new MetricsError('BM_ERR_PERSIST', 'disk full')
      seen.push(`${event.event} ${event.symbol} open:${logger.trades.openPositions().length}`)
    }
  })
  logger.logTrade({ event: 'opened', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 100 })
  assert.deepEqual(seen, ['opened BTCUSDT open:0'])
  refuse = true
  assert.throws(() => { logger.logTrade({ event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 110 }) }, /disk full/)
  assert.equal(logger.trades.openPositions().length, 1)
  assert.equal(logger.getMetricsSummary('trade_closed').count, 0)
  off()
  logger.logTrade({ event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 110 })
  assert.equal(logger.trades.openPositions().length, 0)
  logger.close()
})

test('clear asks the subscribers first: one that throws leaves memory as it was', () => {
  const logger = new MetricsLogger(quiet)
  logger.logMetric('a', 1)
  let fail = true
  logger.subscribe({ clear: () => { if (fail) throw new MetricsError('BM_ERR_PERSIST', 'read-only'); return 7 } })
  assert.throws(() => logger.clearMetrics(), /read-only/)
  assert.equal(logger.store.size, 1)
  fail = false
  assert.deepEqual(logger.clear(), { metrics: 1, series: 1, points: 1, samples: 0, trades: 0, positions: 0, journaledTradeEvents: 7 })
  assert.equal(logger.store.size, 0)
  logger.close()
})

test('annotations go through the subscribers; batches run inside each subscriber\'s unit', () => {
  const logger = new MetricsLogger(quiet)
  const log: string[] = []
  logger.subscribe({
    annotation: (change) => { log.push(change.kind) },
    batch: (fn) => { log.push('begin'); try { return fn() } finally { log.push('end') } }
  })
  assert.equal(logger.batch(() => { log.push('work'); return 42 }), 42)
  logger.annotations.add({ text: 'deploy' }, 1_000)
  assert.deepEqual(log, ['begin', 'work', 'end', 'add'])
  logger.close()
})
