import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ingestEvents } from '../../../src/http/ingest.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

test('an item with a field its type does not take is refused, naming the field', () => {
  const logger = new MetricsLogger({ sampler: false })
  const result = ingestEvents(logger, [
    { type: 'metric', name: 'spread', value: 1, tag: { symbol: 'BTC' } },
    { type: 'latency', component: 'market_data', seconds: 0.001, unit: 's' },
    { type: 'trade', event: 'opened', symbol: 'BTC', side: 'buy', quantity: 1, price: 1, order_id: 'x' },
    { type: 'metric', name: 'spread', value: 2, tags: { symbol: 'BTC' }, timestamp: 1000 },
    { type: 'risk', current: 1, max: 2, position: 0, daily_pnl: 0 }
  ])
  assert.equal(result.accepted, 2)
  assert.deepEqual(result.rejected.map((r) => [r.index, r.error]), [[0, 'BM_ERR_INVALID_ARGUMENT'], [1, 'BM_ERR_INVALID_ARGUMENT'], [2, 'BM_ERR_INVALID_ARGUMENT']])
  assert.match(result.rejected[0].message, /^tag: unknown field of a metric item; it takes type, name, value, tags, timestamp$/)
  assert.match(result.rejected[2].message, /^order_id: unknown field of a trade item/)
  assert.deepEqual(logger.getAllMetrics().spread.map((s) => s.labels), [{ symbol: 'BTC' }])
  logger.close()
})

test('a value of 1e400 (Infinity once parsed) is named as such', () => {
  const logger = new MetricsLogger({ sampler: false })
  const result = ingestEvents(logger, JSON.parse('[{"type":"metric","name":"m","value":1e400}]') as unknown[])
  assert.equal(result.rejected[0].message, 'value: must be a finite number, got Infinity')
  logger.close()
})

test('called as a library, with values JSON cannot carry, the item schema refuses each bad field', () => {
  const logger = new MetricsLogger({ sampler: false })
  const cycle = { type: 'engine_cycle', cycle_time: 0.01, state: 'scanning', positions: 0, signals: 0, orders: 0 }
  const result = ingestEvents(logger, [
    { type: 'metric', name: 'm', value: Number.NaN },
    { type: 'risk', current: -Infinity, max: 1, position: 0, daily_pnl: 0 },
    { type: 'metric', name: 'm', value: null },
    { type: 'latency', component: 'x'.repeat(257), seconds: 0.001 },
    { type: 'metric', name: 'm', value: 1, tags: ['symbol', 'BTC'] },
    { type: 'trade', event: 'opened', symbol: 'BTC', side: 'buy', quantity: 1, price: 1, metadata: [1] },
    { ...cycle, orders: -1 },
    { type: 'market_data', messages: 3, symbol: null, volatility: undefined },
    { type: 'metric', name: 'ok', value: 1, tags: null, timestamp: null },
    cycle
  ])
  assert.deepEqual(result.rejected.map((r) => `${r.index} ${r.message}`), [
    '0 value: must be a finite number, got NaN',
    '1 current: must be a finite number, got -Infinity',
    '2 value: must be a finite number, got null',
    '3 component: must be a non-empty string of at most 256 characters, got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    '4 tags: must be an object of label name to string value',
    '5 metadata: must be an object of key to value',
    '6 orders: must be a finite number >= 0, got -1'
  ])
  // Optional fields given as null or undefined read as absent.
  assert.equal(result.accepted, 3)
  assert.deepEqual(logger.getAllMetrics().ok?.map((s) => s.labels), [{}])
  logger.close()
})
