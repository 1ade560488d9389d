import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2024, 0, 1)

test('each closed trade records rolling_sharpe_30d once two days of returns exist', () => {
  const logger = new MetricsLogger({ sampler: false, health: false, clock: { now: () => T0 + 3 * DAY }, trading: { startingBalance: 10_000 } })
  const pnls = [100, -50, 20]
  pnls.forEach((pnl, d) => {
    logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100, null, null, { timestampMs: T0 + d * DAY + 1000 })
    logger.logTradeEvent('closed', 'BTCUSDT', 'long', 1, 100, pnl, null, { timestampMs: T0 + d * DAY + 2000 })
  })
  const points = logger.query('rolling_sharpe_30d')
  // The first close has one day of returns: no point.
  assert.deepEqual(Array.from(points.timesMs), [T0 + DAY + 2000, T0 + 2 * DAY + 2000])
  // Day returns: 100 / 10,000, −50 / 10,100, 20 / 10,050 (equity at each day's start).
  const sharpe = (r: number[]): number => {
    const m = r.reduce((a, b) => a + b) / r.length
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / (r.length - 1))
    return m / sd * Math.sqrt(365)
  }
  const expected = [sharpe([0.01, -50 / 10_100]), sharpe([0.01, -50 / 10_100, 20 / 10_050])]
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(points.values[i] - expected[i]) < 1e-9, `${points.values[i]} vs ${expected[i]}`)
  logger.close()
})

test('without a starting balance nothing is recorded', () => {
  const logger = new MetricsLogger({ sampler: false, health: false, clock: 'system' })
  logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100, null, null, { timestampMs: T0 })
  logger.logTradeEvent('closed', 'BTCUSDT', 'long', 1, 110, null, null, { timestampMs: T0 + 2 * DAY })
  assert.equal(logger.query('rolling_sharpe_30d').values.length, 0)
  logger.close()
})
