import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ingestEvents } from '../../../src/http/ingest.ts'
import { MessageRate } from '../../../src/logger/market-data.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { FakeClock } from '../health/helpers.ts'

const quiet = (clock = new FakeClock()): MetricsLogger => new MetricsLogger({ clock, sampler: false, health: false, onError: () => {} })

test('MessageRate: messages since the previous call per second; the first call only starts the interval', () => {
  const r = new MessageRate()
  assert.equal(r.rate('', 120, 1000), null)
  assert.equal(r.rate('', 300, 6000), 60)
  assert.equal(r.rate('BTCUSDT', 10, 6000), null, 'each key has its own interval')
  assert.equal(r.rate('', 5, 6000), null, 'no time passed: no rate')
  assert.equal(r.rate('', 5, 5000), null, 'a time before the previous: no rate')
  assert.equal(r.rate('', 25, 6500), 50, 'the interval still runs from 6000')
  r.clear()
  assert.equal(r.rate('', 25, 7000), null)
})

test('logMarketData records market_data_messages as a rate and the bot\'s market_volatility', () => {
  const clock = new FakeClock()
  const logger = quiet(clock)
  logger.logMarketData(400, { volatility: 0.012 })
  clock.advance(2000)
  logger.logMarketData(400, { volatility: 0.018 })
  clock.advance(500)
  logger.logMarketData(50)
  assert.deepEqual([...logger.query('market_data_messages').values], [200, 100])
  assert.deepEqual([...logger.query('market_data_messages').timesMs], [clock.now() - 500, clock.now()])
  assert.deepEqual([...logger.query('market_volatility').values], [0.012, 0.018])
  // Per symbol: a symbol label and an interval of its own.
  logger.logMarketData(10, { symbol: 'ETHUSDT', volatility: 0.03 })
  clock.advance(1000)
  logger.logMarketData(30, { symbol: 'ETHUSDT' })
  assert.deepEqual([...logger.query('market_data_messages', { labels: { symbol: 'ETHUSDT' } }).values], [30])
  assert.deepEqual([...logger.query('market_volatility', { labels: { symbol: 'ETHUSDT' } }).values], [0.03])
  // Bad counts are dropped and counted, never thrown at the bot.
  logger.logMarketData(-1)
  logger.logMarketData(Number.NaN)
  assert.equal(logger.droppedPoints, 2)
  logger.close()
})

test('POST /events market_data items: messages, symbol, volatility, timestamp; bad ones are refused whole', () => {
  const logger = quiet()
  const result = ingestEvents(logger, [
    { type: 'market_data', messages: 100, symbol: 'BTCUSDT', volatility: 0.02, timestamp: 10_000 },
    { type: 'market_data', messages: 300, symbol: 'BTCUSDT', volatility: 0.025, timestamp: 15_000 },
    { type: 'market_data', messages: -3 },
    { type: 'market_data', messages: 5, volatility: 'high' },
    { type: 'market_data', messages: 5, vol: 0.1 },
    { type: 'market_data', messages: 5, symbol: '' }
  ])
  assert.equal(result.accepted, 2)
  assert.deepEqual(result.rejected.map((r) => [r.index, r.error]), [
    [2, 'BM_ERR_INVALID_ARGUMENT'], [3, 'BM_ERR_INVALID_ARGUMENT'], [4, 'BM_ERR_INVALID_ARGUMENT'], [5, 'BM_ERR_INVALID_ARGUMENT']
  ])
  assert.match(result.rejected[2].message, /unknown field.*market_data/)
  const rate = logger.query('market_data_messages', { labels: { symbol: 'BTCUSDT' } })
  assert.deepEqual([...rate.values], [60])
  assert.deepEqual([...rate.timesMs], [15_000])
  assert.deepEqual([...logger.query('market_volatility').values], [0.02, 0.025])
  logger.close()
})
